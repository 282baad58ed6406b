import Database from 'better-sqlite3';
import { parseFilter } from '../../../../src/modules/provisioning/domain/filter';
import { ResourceTypeName } from '../../../../src/modules/provisioning/domain/schema/scim-schema.types';
import {
  drivingTermSql,
  raw,
} from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';
import { ScimResourceReader } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-resource.reader';
import { addMember, createReadModel, idsInListOrder, putResource } from './scim-read-model.fixture';
import { ReadSnapshot } from '../../../../src/platform/read-model/read-snapshot';

// Created in an order unrelated to their ids (7 and 300 are coprime): lists are in creation order.
const creationOrder = Array.from({ length: 300 }, (_, n) => (n * 7) % 300);
const idOf = (sub: string, i: number) => `${sub}-u${String(i).padStart(3, '0')}`;

function seed(db: Database.Database): void {
  db.transaction(() => {
    for (const sub of ['s1', 's2']) {
      for (const i of creationOrder) {
        putResource(db, sub, 'User', {
          id: idOf(sub, i),
          externalId: i % 10 === 0 ? 'Shared-Ext' : `ext-${i}`,
          userName: `User${i}@Contoso.com`,
          active: i % 3 !== 0,
          emails: [{ type: 'work', value: `user${i}@contoso.com`, primary: true }],
          meta: { created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z' },
        });
      }
      putResource(db, sub, 'Group', { id: `${sub}-g1`, displayName: 'Sales' });
      addMember(db, sub, `${sub}-g1`, `${sub}-u007`);
    }
  })();
}

describe('one eq term on a single-valued attribute: the lookup drives from the value index', () => {
  const db = createReadModel();
  seed(db);
  const reader = new ScimResourceReader(ReadSnapshot.direct(db));
  const list = (type: ResourceTypeName, filter: string, startIndex = 1, count = 100) =>
    reader.list('s1', type, { filter: parseFilter(filter, type), startIndex, count });

  it.each([
    ['User', 'userName eq "user7@contoso.com"'],
    ['User', 'externalId eq "Shared-Ext"'],
    ['User', 'externalId eq "shared-ext"'],
    ['User', 'id eq "s1-u042"'],
    ['User', 'active eq true'],
    ['User', 'active eq false'],
    ['User', 'meta.created eq "2024-01-01T00:00:00Z"'],
    ['User', 'userName eq "nobody@contoso.com"'],
    ['Group', 'displayName eq "sales"'],
  ] as const)('%s %s answers what the general translation answers, in its order', (type, filter) => {
    expect(drivingTermSql(parseFilter(filter, type), type, raw('dr'))).toBeDefined();
    const all = list(type, filter, 1, 1000);
    expect(all.resources.map((r) => r.id)).toEqual(idsInListOrder(db, 's1', type, filter));
    expect(all.total).toBe(all.resources.length);
  });

  it('pages in the general order (doc order) and counts the whole result when a page is full', () => {
    const expected = idsInListOrder(db, 's1', 'User', 'active eq true');
    const second = list('User', 'active eq true', 51, 50);
    expect(second.resources.map((r) => r.id)).toEqual(expected.slice(50, 100));
    expect(second.total).toBe(expected.length);
  });

  it('lists in creation (doc) order, with a driving term, a general filter or none', () => {
    const created = creationOrder.map((i) => idOf('s1', i));
    const activeOnes = created.filter((id) => Number(id.slice(-3)) % 3 !== 0);
    expect(list('User', 'active eq true', 1, 1000).resources.map((r) => r.id)).toEqual(activeOnes);
    expect(list('User', 'userName sw "user"', 1, 1000).resources.map((r) => r.id)).toEqual(created);
    const all = reader.list('s1', 'User', { startIndex: 1, count: 1000 });
    expect(all.resources.map((r) => r.id)).toEqual(created);
  });

  it('reads whether the user is in a group with the document', () => {
    const [user] = list('User', 'userName eq "user7@contoso.com"').resources;
    expect(user).toMatchObject({ id: 's1-u007', grouped: 1 });
    expect(list('User', 'userName eq "user8@contoso.com"').resources[0]).toMatchObject({ grouped: 0 });
  });

  it.each([
    'emails.value eq "user7@contoso.com"',
    'userName sw "user7"',
    'name pr',
    'id eq "s1-u001" or id eq "s1-u002"',
    'not (userName eq "user7@contoso.com")',
    'userName eq "user7@contoso.com" and active eq true',
    'meta.resourceType eq "User"',
  ])('%s keeps the general translation', (filter) => {
    expect(drivingTermSql(parseFilter(filter, 'User'), 'User', raw('dr'))).toBeUndefined();
  });

  it('the driving plan probes the value index then the resource, with nothing to sort', () => {
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    const spy = jest.spyOn(db, 'prepare').mockImplementation((sql: string) => {
      statements.push(sql);
      return prepare(sql);
    });
    try {
      // A reader of its own: the others' statements are prepared already.
      new ScimResourceReader(ReadSnapshot.direct(db)).list('s1', 'User', {
        filter: parseFilter('userName eq "user7@contoso.com"', 'User'),
        startIndex: 1,
        count: 100,
      });
    } finally {
      spy.mockRestore();
    }
    const page = statements.find((sql) => sql.startsWith('SELECT r.id'));
    expect(page).toBeDefined();
    const parameters = (page!.match(/\?/g) ?? []).length;
    const plan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${page!}`)
      .all(...Array<null>(parameters).fill(null))
      .map((row) => row.detail);
    expect(plan[0]).toMatch(
      /^SEARCH dr USING COVERING INDEX scim_attr_value \(scope=\? AND path=\? AND v=\?\)/,
    );
    // The scope of (sub, rtype) once, then each resource by its doc.
    expect(plan).toContain('SEARCH scim_scope USING PRIMARY KEY (sub=? AND rtype=?)');
    expect(plan.filter((line) => line.startsWith('SEARCH r '))).toEqual([
      'SEARCH r USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|^SCAN/m);
  });
});
