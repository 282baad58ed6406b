import Database from 'better-sqlite3';
import { parseFilter } from '../../../../src/modules/provisioning/domain/filter/filter.parser';
import {
  ListShape,
  ListSqlTexts,
} from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query/list-sql';
import { createScimResourceTables } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-resource.tables';
import { ScimResourceReader } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-resource.reader';
import { ReadSnapshot } from '../../../../src/platform/read-model/read-snapshot';

const shape: ListShape = {
  driving: true,
  term: "dr.path = 'username' AND dr.v = ?",
  order: undefined,
  limit: 100,
  offset: false,
};

describe('ListSqlTexts: the SQL of a list query by its shape', () => {
  it('answers the same texts for the same shape, whatever the values bound later', () => {
    const texts = new ListSqlTexts();
    expect(texts.get({ ...shape })).toBe(texts.get({ ...shape }));
  });

  it.each<[string, Partial<ListShape>]>([
    ['a WHERE term instead of a driving one', { driving: false }],
    ['another term', { term: "dr.path = 'externalid' AND dr.v = ?" }],
    ['a sort', { order: 'r.doc DESC' }],
    ['another page size', { limit: 10 }],
    ['a later page', { offset: true }],
  ])('answers other texts for %s', (_, change) => {
    const texts = new ListSqlTexts();
    const first = texts.get(shape);
    const other = texts.get({ ...shape, ...change });
    expect(other.page).not.toBe(first.page);
    // Asked again after the other shape: each shape keeps its own texts.
    expect(texts.get(shape)).toBe(first);
  });

  it('keeps a term that contains the key separator apart from the sort', () => {
    const texts = new ListSqlTexts();
    const a = texts.get({ ...shape, driving: false, order: 'x', term: 'y|z' });
    const b = texts.get({ ...shape, driving: false, order: 'x|y', term: 'z' });
    expect(a.page).toContain('AND (y|z)');
    expect(b.page).toContain('ORDER BY x|y');
  });

  it('binds the offset of a later page and writes the page size into the text', () => {
    const { page, count } = new ListSqlTexts().get({ ...shape, limit: 25, offset: true });
    expect(page).toMatch(/ LIMIT 25 OFFSET \?$/);
    expect(count).toMatch(/^SELECT COUNT\(\*\) AS n FROM scim_attr dr/);
  });
});

describe('ScimResourceReader.list with cached texts', () => {
  const db = new Database(':memory:');
  createScimResourceTables(db);
  const reader = new ScimResourceReader(ReadSnapshot.direct(db));
  const list = (filter: string, startIndex = 1, count = 10) =>
    reader.list('acme', 'User', { filter: parseFilter(filter, 'User'), startIndex, count });

  it('binds each request its own values on the same statement', () => {
    // Empty tables: what matters is that the second call neither fails nor reuses values.
    expect(list('userName eq "a"')).toEqual({ total: 0, resources: [] });
    expect(list('userName eq "b"')).toEqual({ total: 0, resources: [] });
    expect(list('userName eq "b"', 3)).toEqual({ total: 0, resources: [] });
    expect(list('title eq "x" and userName sw "b"', 1, 0)).toEqual({ total: 0, resources: [] });
  });
});
