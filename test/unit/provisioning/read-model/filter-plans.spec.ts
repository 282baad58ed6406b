import Database from 'better-sqlite3';
import { parseFilter } from '../../../../src/modules/provisioning/domain/filter/filter.parser';
import { createScimResourceTables } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-resource.tables';
import { ScimResourceReader } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-resource.reader';
import { ReadSnapshot } from '../../../../src/platform/read-model/read-snapshot';

/**
 * A list query's subqueries must not depend on the row of scim_resource they filter: SQLite
 * runs a correlated subquery again for every row, and `groups.display eq` walked all of a
 * tenant's memberships once per user (16 s at 2,000 users, held on the event loop).
 */
describe('list queries: the subqueries of a filter run once per query', () => {
  const filters = [
    'groups.display eq "Sales"',
    'groups.display pr',
    'groups.value eq "g1" and title eq "x"',
    'title eq "x" or groups.display sw "S"',
    'emails.value co "x"',
  ];

  it.each(filters)('%s', (text) => {
    const db = new Database(':memory:');
    createScimResourceTables(db);
    const seen: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => (seen.push(source), prepare(source))) as typeof db.prepare;
    const reader = new ScimResourceReader(ReadSnapshot.direct(db));
    reader.list('acme', 'User', { filter: parseFilter(text, 'User'), startIndex: 1, count: 10 });
    const listing = seen.find((source) => source.startsWith('SELECT r.id'))!;
    const plan = prepare(`EXPLAIN QUERY PLAN ${listing}`)
      .all(...Array.from({ length: (listing.match(/\?/g) ?? []).length }, () => 'acme'))
      .map((row) => (row as { detail: string }).detail);
    // (The `grouped` flag of each listed resource is a per-row probe by design: a scalar one.)
    expect(plan.filter((step) => step.startsWith('CORRELATED LIST'))).toEqual([]);
  });
});
