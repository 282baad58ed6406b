import Database from 'better-sqlite3';
import { FilterError } from '../../../../src/modules/provisioning/domain/filter';
import { ResourceTypeName } from '../../../../src/modules/provisioning/domain/schema/scim-schema.types';
import { translateSort } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';
import { createReadModel, listSql, putResource } from './scim-read-model.fixture';

function sorted(
  db: Database.Database,
  by: string,
  order?: string,
  filter = 'id pr',
  type: ResourceTypeName = 'User',
) {
  const query = listSql(filter, type, { by, order });
  return db
    .prepare<unknown[], { id: string }>(query.sql)
    .all(...query.params('s1'))
    .map((row) => row.id);
}

describe('translateSort', () => {
  const db = createReadModel();
  putResource(db, 's1', 'User', {
    id: 'u1',
    userName: 'bravo',
    externalId: 'b',
    emails: [{ value: 'zulu@x' }, { value: 'alpha@x', primary: true }],
    meta: { lastModified: '2024-03-01T00:00:00Z' },
  });
  putResource(db, 's1', 'User', {
    id: 'u2',
    userName: 'Alpha',
    externalId: 'B',
    emails: [{ value: 'mike@x' }, { value: 'kilo@x' }],
    meta: { lastModified: '2024-01-01T00:00:00+01:00' },
  });
  putResource(db, 's1', 'User', {
    id: 'u3',
    userName: 'charlie',
    meta: { lastModified: '2023-12-31T23:30:00Z' },
  });
  putResource(db, 's1', 'User', {
    id: 'u4',
    userName: 'alpha2',
    externalId: 'a',
    emails: [{ value: 'Lima@x', primary: false }],
  });

  it('ascending by default, case-insensitively for caseExact false', () => {
    expect(sorted(db, 'userName')).toEqual(['u2', 'u4', 'u1', 'u3']);
    expect(sorted(db, 'UserName', 'ascending')).toEqual(['u2', 'u4', 'u1', 'u3']);
  });

  it('descending', () => {
    expect(sorted(db, 'userName', 'descending')).toEqual(['u3', 'u1', 'u4', 'u2']);
  });

  it('case-sensitively for caseExact attributes; without a value: last ascending, first descending', () => {
    // RFC 7644 3.4.2.3: "ordered last if ascending and first if descending".
    expect(sorted(db, 'externalId')).toEqual(['u2', 'u4', 'u1', 'u3']);
    expect(sorted(db, 'externalId', 'descending')).toEqual(['u3', 'u1', 'u4', 'u2']);
  });

  it('dateTime as instants', () => {
    expect(sorted(db, 'meta.lastModified')).toEqual(['u2', 'u3', 'u1', 'u4']);
  });

  it('multi-valued: the primary value, else the first', () => {
    // u1: alpha (primary), u2: mike (first), u4: lima (first; primary false), u3: none.
    expect(sorted(db, 'emails')).toEqual(['u1', 'u4', 'u2', 'u3']);
    expect(sorted(db, 'emails.value', 'descending')).toEqual(['u3', 'u2', 'u4', 'u1']);
  });

  it('combines with a filter; ties broken by creation (doc) order, the order of lists', () => {
    expect(sorted(db, 'title', undefined, 'userName sw "a"')).toEqual(['u2', 'u4']);
    const later = createReadModel();
    for (const id of ['u9', 'u5', 'u7']) putResource(later, 's1', 'User', { id, userName: 'same' });
    expect(sorted(later, 'userName')).toEqual(['u9', 'u5', 'u7']);
    expect(sorted(later, 'userName', 'descending')).toEqual(['u9', 'u5', 'u7']);
  });

  it('refuses unknown attributes, bad orders and memberships', () => {
    expect(() => translateSort('shoeSize', undefined, 'User')).toThrow(FilterError);
    expect(() => translateSort('userName', 'sideways', 'User')).toThrow(FilterError);
    expect(() => translateSort('members', undefined, 'Group')).toThrow('Cannot sort by "members.value"');
    expect(() => translateSort('name', undefined, 'User')).toThrow(FilterError);
    expect(() => translateSort('meta.location', undefined, 'User')).toThrow(/meta.location/);
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    for (const by of [
      `${enterprise}:manager.displayName`,
      `${enterprise}:manager.$ref`,
      'manager.displayName',
    ])
      expect(() => translateSort(by, undefined, 'User')).toThrow(FilterError);
    expect(() => translateSort(`${enterprise}:manager`, undefined, 'User')).not.toThrow();
  });

  it('is an ORDER BY list over r without parameters', () => {
    expect(translateSort('userName', 'descending', 'User')).toEqual({
      sql: "(SELECT s.v FROM scim_attr s WHERE s.doc = r.doc AND s.path = 'username' AND s.elem = 0) DESC NULLS FIRST, r.doc ASC",
      params: [],
    });
  });

  it('sorts by attributes read from the resource row (meta.version, schemas)', () => {
    const rows = createReadModel();
    putResource(rows, 's1', 'User', { id: 'u1', meta: { version: 'W/"2"' } });
    putResource(rows, 's1', 'User', { id: 'u2', meta: { version: 'W/"1"' }, schemas: ['urn:b'] });
    putResource(rows, 's1', 'User', { id: 'u3', meta: { version: 'W/"3"' }, schemas: ['URN:A', 'urn:c'] });
    expect(sorted(rows, 'meta.version')).toEqual(['u2', 'u1', 'u3']);
    expect(sorted(rows, 'meta.version', 'descending')).toEqual(['u3', 'u1', 'u2']);
    expect(sorted(rows, 'schemas')).toEqual(['u3', 'u2', 'u1']);
    expect(sorted(rows, 'meta.resourceType')).toEqual(['u1', 'u2', 'u3']);
  });
});
