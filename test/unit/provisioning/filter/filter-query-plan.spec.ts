import Database from 'better-sqlite3';
import { ResourceTypeName } from '../../../../src/modules/provisioning/domain/schema/scim-schema.types';
import { addMember, createReadModel, listSql, putResource } from './scim-read-model.fixture';

function seed(db: Database.Database): void {
  db.transaction(() => {
    for (const sub of ['s1', 's2']) {
      for (let i = 0; i < 500; i += 1) {
        putResource(db, sub, 'User', {
          id: `${sub}-u${i}`,
          externalId: `ext-${i}`,
          userName: `user${i}@contoso.com`,
          active: i % 2 === 0,
          emails: [
            { type: 'work', value: `user${i}@contoso.com`, primary: true },
            { type: 'home', value: `user${i}@home.org` },
          ],
          meta: { created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z' },
        });
      }
      for (let g = 0; g < 50; g += 1) {
        putResource(db, sub, 'Group', { id: `${sub}-g${g}`, displayName: `Group ${g}` });
        addMember(db, sub, `${sub}-g${g}`, `${sub}-u${g}`);
      }
    }
  })();
}

function plan(db: Database.Database, resourceType: ResourceTypeName, filter: string): string[] {
  const query = listSql(filter, resourceType);
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
    .all(...query.params('s1'))
    .map((row) => row.detail);
}

/** The filter is answered from the indexes: nothing scans resources, index rows or memberships. */
function expectIndexDriven(lines: string[]): void {
  expect(lines.filter((line) => /^SCAN (r|[aexmdwk]\d+)\b/.test(line))).toEqual([]);
  // The resources are looked up by the docs the filter gives (by rowid, or in the (sub, rtype) index).
  expect(lines).toContainEqual(
    expect.stringMatching(
      /^SEARCH r USING (INTEGER PRIMARY KEY \(rowid=\?\)|INDEX scim_resource_by_type \(sub=\? AND rtype=\? AND rowid=\?\))/,
    ),
  );
}

describe.each([
  ['without statistics', false],
  ['after ANALYZE', true],
])('query plans %s', (_label, analyze) => {
  const db = createReadModel();
  seed(db);
  if (analyze) db.exec('ANALYZE');

  it.each([
    'userName eq "user7@contoso.com"',
    'externalId eq "ext-7"',
    'id eq "s1-u7"',
    'emails[type eq "work"].value eq "user7@contoso.com"',
    'emails.value eq "user7@contoso.com"',
    'userName eq "user7@contoso.com" and externalId eq "ext-7"',
    'userName eq "user7@contoso.com" and active eq true and not (title pr)',
    'id eq "s1-u1" or id eq "s1-u2" or userName eq "user3@contoso.com"',
    'userName sw "user7"',
    'meta.lastModified gt "2024-01-01T00:00:00Z"',
  ])('User: %s', (filter) => {
    const lines = plan(db, 'User', filter);
    expectIndexDriven(lines);
    expect(lines).toContainEqual(
      expect.stringMatching(/USING COVERING INDEX scim_attr_value \(scope=\? AND path=\? AND v/),
    );
    // The scope of (sub, rtype): one primary-key look-up.
    expect(lines).toContainEqual('SEARCH scim_scope USING PRIMARY KEY (sub=? AND rtype=?)');
  });

  it.each([
    'displayName eq "Group 7"',
    'members.value eq "s1-u7"',
    'members[value eq "s1-u7"] and displayName sw "g"',
  ])('Group: %s', (filter) => {
    expectIndexDriven(plan(db, 'Group', filter));
  });

  it('members.value eq is a look-up by member (index (sub, member_id, group_id) on scim_group_member)', () => {
    const lines = plan(db, 'Group', 'members[value eq "s1-u7"]');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^SEARCH m\d+ USING COVERING INDEX scim_group_member_by_member \(sub=\? AND member_id=\?\)/,
      ),
    );
    // Each group id found becomes its doc through the unique key.
    expect(lines).toContainEqual(
      expect.stringMatching(/^SEARCH k\d+ USING COVERING INDEX \w+ \(sub=\? AND rtype=\? AND id=\?\)/),
    );
  });

  it('groups.value eq walks down from the group, one primary-key probe per step', () => {
    const lines = plan(db, 'User', 'groups.value eq "s1-g3"');
    expectIndexDriven(lines);
    expect(lines).toContainEqual(expect.stringMatching(/^SEARCH m\d+ USING .*\(sub=\? AND group_id=\?\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^SEARCH w\d+ USING .*\(sub=\? AND group_id=\?\)/));
  });

  it('groups checked per user walk up, one index probe per step', () => {
    const lines = plan(db, 'User', 'userName eq "user7@contoso.com" and groups[type eq "indirect"]');
    expectIndexDriven(lines);
    expect(lines).toContainEqual(expect.stringMatching(/^SEARCH w\d+ USING .*\(sub=\? AND member_id=\?\)/));
  });

  it('the other conditions of the same element are primary-key probes', () => {
    const lines = plan(db, 'User', 'emails[type eq "work"].value eq "user7@contoso.com"');
    expect(lines).toContainEqual(
      expect.stringMatching(/^SEARCH x\d+ .*PRIMARY KEY \(doc=\? AND path=\? AND elem=\?\)/),
    );
  });
});
