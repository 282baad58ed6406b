import {
  claimScope,
  createScimIndexSchema,
  deleteIndexRows,
  indexRowsFor,
  insertIndexRows,
  replaceIndexRows,
} from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';
import { JsonObject } from '../../../../src/platform/event-store/event-store.port';
import { createReadModel } from './scim-read-model.fixture';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const entraUser: JsonObject = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: 'u-1',
  externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
  userName: 'Test_User_ab6490ee@testuser.com',
  active: true,
  displayName: 'Test User',
  title: '',
  emails: [
    { primary: true, type: 'work', value: 'Test_User_ab6490ee@testuser.com' },
    { type: 'home', value: 'home@example.com' },
  ],
  name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: null },
  [ENTERPRISE]: {
    employeeNumber: '701984',
    department: 'Tour Operations',
    manager: { value: 'M-1', $ref: '../Users/M-1' },
  },
  groups: [{ value: 'g-1', display: 'Sales' }],
  roles: [],
  favouriteColour: 'blue',
  meta: {
    resourceType: 'User',
    created: '2024-05-01T10:00:00Z',
    lastModified: '2024-05-02T08:30:00.5+02:00',
    location: 'https://users-acme.example.com/scim/v2/Users/u-1',
  },
};

describe('indexRowsFor', () => {
  it('indexes a user as returned by GET', () => {
    const rows = indexRowsFor('User', entraUser);
    expect(rows).toEqual(
      expect.arrayContaining([
        { path: 'id', elem: 0, v: 'u-1' },
        { path: 'externalid', elem: 0, v: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef' },
        { path: 'username', elem: 0, v: 'test_user_ab6490ee@testuser.com' },
        { path: 'active', elem: 0, v: 1 },
        { path: 'displayname', elem: 0, v: 'test user' },
        { path: 'emails.primary', elem: 0, v: 1 },
        { path: 'emails.type', elem: 0, v: 'work' },
        { path: 'emails.value', elem: 0, v: 'test_user_ab6490ee@testuser.com' },
        { path: 'emails.type', elem: 1, v: 'home' },
        { path: 'emails.value', elem: 1, v: 'home@example.com' },
        { path: 'name.formatted', elem: 0, v: 'givenname familyname' },
        { path: 'name.familyname', elem: 0, v: 'familyname' },
        { path: 'employeenumber', elem: 0, v: '701984' },
        { path: 'department', elem: 0, v: 'tour operations' },
        { path: 'manager.value', elem: 0, v: 'M-1' },
        { path: 'manager.$ref', elem: 0, v: '../Users/M-1' },
        { path: 'meta.created', elem: 0, v: '2024-05-01T10:00:00.000Z' },
        { path: 'meta.lastmodified', elem: 0, v: '2024-05-02T06:30:00.500Z' },
        { path: 'meta.location', elem: 0, v: 'https://users-acme.example.com/scim/v2/Users/u-1' },
      ]),
    );
  });

  it('leaves out what scim_resource holds: schemas, meta.resourceType, meta.version', () => {
    const rows = indexRowsFor('User', {
      ...entraUser,
      meta: { ...(entraUser['meta'] as JsonObject), version: 'W/"3"' },
    });
    expect(rows.filter((row) => /^(schemas|meta\.resourcetype|meta\.version)$/.test(row.path))).toEqual([]);
  });

  it('skips empty values, nulls, unknown keys and groups (membership table)', () => {
    const paths = indexRowsFor('User', entraUser).map((row) => row.path);
    expect(paths).not.toContain('title');
    expect(paths).not.toContain('name.givenname');
    expect(paths.filter((path) => /favourite|groups|roles/.test(path))).toEqual([]);
    expect(indexRowsFor('User', entraUser)).toHaveLength(19);
  });

  it('does not index group members (membership table)', () => {
    const rows = indexRowsFor('Group', {
      id: 'g-1',
      displayName: 'Sales',
      members: [{ value: 'u-1', display: 'Test User' }],
    });
    expect(rows).toEqual([
      { path: 'id', elem: 0, v: 'g-1' },
      { path: 'displayname', elem: 0, v: 'sales' },
    ]);
  });

  it('keys are case-insensitive and booleans may be strings', () => {
    expect(indexRowsFor('User', { UserName: 'A', ACTIVE: 'False', Emails: [{ Value: 'X@Y' }] })).toEqual([
      { path: 'username', elem: 0, v: 'a' },
      { path: 'active', elem: 0, v: 0 },
      { path: 'emails.value', elem: 0, v: 'x@y' },
    ]);
  });
});

describe('replaceIndexRows / deleteIndexRows', () => {
  const count = (db: ReturnType<typeof createReadModel>, doc: number) =>
    (db.prepare('SELECT count(*) AS n FROM scim_attr WHERE doc = ?').get(doc) as { n: number }).n;
  // Two resources with the same id in two subscriptions: distinct docs and scopes.
  const first = { scope: 1, doc: 1 };
  const other = { scope: 2, doc: 2 };

  it('replace makes the rows the whole index of the resource, delete removes them', () => {
    const db = createReadModel();
    createScimIndexSchema(db); // idempotent
    replaceIndexRows(db, first, indexRowsFor('User', entraUser));
    replaceIndexRows(db, other, [{ path: 'username', elem: 0, v: 'other' }]);
    expect(count(db, first.doc)).toBe(19);
    expect(count(db, other.doc)).toBe(1);

    replaceIndexRows(db, first, [{ path: 'username', elem: 0, v: 'renamed' }]);
    expect(db.prepare('SELECT path, v FROM scim_attr WHERE scope = 1').all()).toEqual([
      { path: 'username', v: 'renamed' },
    ]);

    deleteIndexRows(db, first.doc);
    expect(db.prepare('SELECT scope, doc, v FROM scim_attr').all()).toEqual([
      { scope: 2, doc: 2, v: 'other' },
    ]);
  });

  it('with the held rows given, ends with the same rows and touches only the ones that differ', () => {
    const db = createReadModel();
    const rowsOf = (doc: number) =>
      db.prepare('SELECT path, elem, v FROM scim_attr WHERE doc = ? ORDER BY path, elem').all(doc);
    const sorted = (rows: ReturnType<typeof indexRowsFor>) =>
      [...rows].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.elem - b.elem));
    // Every statement that writes scim_attr, counted by the rows it changes.
    const written = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    let held = indexRowsFor('User', entraUser);
    replaceIndexRows(db, first, held);
    const { emails, ...rest } = entraUser;
    const renamed = { ...entraUser, displayName: 'Renamed', title: 'Boss' };
    // nickName added, and the emails moved after it: from there on the rows are matched by key.
    const nicknamed = { ...rest, displayName: 'Renamed', title: 'Boss', nickName: 'Tess', emails };
    const oneEmail = { ...nicknamed, emails: [{ type: 'home', value: 'home@example.com' }] };
    const cases: [string, JsonObject, number][] = [
      ['values changed in place', renamed, 2],
      ['a row added, the rows after it moved', nicknamed, 1],
      // emails[0] becomes the home address (type and value rewritten, primary deleted), emails[1]'s
      // two rows deleted
      ['an element gone', oneEmail, 3 + 2],
      ['nothing changed', { ...oneEmail }, 0],
    ];
    for (const [name, user, touched] of cases) {
      const rows = indexRowsFor('User', user);
      const before = written();
      replaceIndexRows(db, first, rows, held);
      expect({ name, rows: rowsOf(first.doc), touched: written() - before }).toEqual({
        name,
        rows: sorted(rows),
        touched,
      });
      held = rows;
    }
  });

  it('works inside the caller transaction and rolls back with it', () => {
    const db = createReadModel();
    expect(() =>
      db.transaction(() => {
        replaceIndexRows(db, first, indexRowsFor('User', entraUser));
        throw new Error('projection failed');
      })(),
    ).toThrow('projection failed');
    expect(count(db, first.doc)).toBe(0);
  });

  it('keeps the storage class of each key (text stays text)', () => {
    const db = createReadModel();
    replaceIndexRows(db, first, indexRowsFor('User', { employeeNumber: '00701984', active: true }));
    expect(db.prepare('SELECT path, typeof(v) AS t, v FROM scim_attr ORDER BY path').all()).toEqual([
      { path: 'active', t: 'real', v: 1 },
      { path: 'employeenumber', t: 'text', v: '00701984' },
    ]);
  });

  it('insertIndexRows (bulk load) writes the same rows as replace, many rows too', () => {
    const many: JsonObject = {
      ...entraUser,
      emails: Array.from({ length: 30 }, (_, n) => ({ type: 'work', value: `u${n}@example.com` })),
    };
    const replaced = createReadModel();
    replaceIndexRows(replaced, first, indexRowsFor('User', many));
    const inserted = createReadModel();
    insertIndexRows(inserted, first, indexRowsFor('User', many));
    const all = 'SELECT scope, doc, path, elem, typeof(v) AS t, v FROM scim_attr ORDER BY path, elem';
    expect(inserted.prepare(all).all()).toEqual(replaced.prepare(all).all());
    expect(count(inserted, first.doc)).toBeGreaterThan(64);
  });

  it('insertIndexRows refuses a row the resource has already, and its transaction undoes the rest', () => {
    const db = createReadModel();
    insertIndexRows(db, first, [{ path: 'username', elem: 0, v: 'a' }]);
    const rows = [
      { path: 'displayname', elem: 0, v: 'b' },
      { path: 'username', elem: 0, v: 'c' },
    ];
    expect(() => db.transaction(() => insertIndexRows(db, first, rows))()).toThrow(
      'scim_attr of doc 1: 1 row(s) not inserted (exist already)',
    );
    expect(db.prepare('SELECT path, v FROM scim_attr').all()).toEqual([{ path: 'username', v: 'a' }]);
  });

  it('replace outside a transaction is still all or nothing', () => {
    const db = createReadModel();
    replaceIndexRows(db, first, [{ path: 'username', elem: 0, v: 'a' }]);
    // A NOT NULL violation after the diff's first write: nothing of it may stay.
    const broken = [
      { path: 'displayname', elem: 0, v: 'b' },
      { path: 'title', elem: 0, v: null as unknown as string },
    ];
    expect(() => replaceIndexRows(db, first, broken)).toThrow(/NOT NULL/);
    expect(db.prepare('SELECT path, v FROM scim_attr').all()).toEqual([{ path: 'username', v: 'a' }]);
  });
});

describe('claimScope', () => {
  it("is the position of the pair's first resource creation, whatever comes after", () => {
    const db = createReadModel();
    expect(claimScope(db, 's1', 'User', 7)).toBe(7);
    expect(claimScope(db, 's1', 'Group', 9)).toBe(9);
    expect(claimScope(db, 's1', 'User', 12)).toBe(7);
    expect(claimScope(db, 's2', 'User', 15)).toBe(15);
    expect(db.prepare('SELECT sub, rtype, scope FROM scim_scope ORDER BY scope').all()).toEqual([
      { sub: 's1', rtype: 'User', scope: 7 },
      { sub: 's1', rtype: 'Group', scope: 9 },
      { sub: 's2', rtype: 'User', scope: 15 },
    ]);
  });
});
