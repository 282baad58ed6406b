import type BetterSqlite3 from 'better-sqlite3';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { IndexValue } from './index-key';
import { IndexRow } from './scim-index.rows';

type ResourceKey = [sub: string, rtype: ResourceTypeName, rid: string];
type RowKey = [...ResourceKey, path: string, elem: number];

interface IndexStatements {
  replace: (sub: string, resourceType: ResourceTypeName, rid: string, rows: IndexRow[]) => void;
  insert: BetterSqlite3.Statement<[...RowKey, IndexValue]>;
  removeAll: BetterSqlite3.Statement<ResourceKey>;
}

// Runs on every write: statements are prepared once per connection.
const statementsByDb = new WeakMap<BetterSqlite3.Database, IndexStatements>();

function statementsFor(db: BetterSqlite3.Database): IndexStatements {
  const cached = statementsByDb.get(db);
  if (cached) return cached;
  const current = db
    .prepare<ResourceKey, [string, number, IndexValue]>(
      'SELECT path, elem, v FROM scim_attr WHERE sub = ? AND rtype = ? AND rid = ?',
    )
    .raw();
  const upsert = db.prepare<[...RowKey, IndexValue]>(
    'INSERT OR REPLACE INTO scim_attr (sub, rtype, rid, path, elem, v) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const remove = db.prepare<RowKey>(
    'DELETE FROM scim_attr WHERE sub = ? AND rtype = ? AND rid = ? AND path = ? AND elem = ?',
  );
  const removeAll = db.prepare<ResourceKey>('DELETE FROM scim_attr WHERE sub = ? AND rtype = ? AND rid = ?');
  const insert = db.prepare<[...RowKey, IndexValue]>(
    'INSERT INTO scim_attr (sub, rtype, rid, path, elem, v) VALUES (?, ?, ?, ?, ?, ?)',
  );

  // A write usually changes a few attributes (and meta.lastModified): touch only the rows that
  // differ, so both indexes see a handful of changes instead of the whole resource twice.
  // Nested in the caller's transaction (as a savepoint) when there is one.
  const replace = db.transaction((sub: string, rtype: ResourceTypeName, rid: string, rows: IndexRow[]) => {
    const stale = new Map<string, [string, number]>();
    const stored = new Map<string, IndexValue>();
    for (const [path, elem, v] of current.all(sub, rtype, rid)) {
      const key = `${elem}:${path}`;
      stale.set(key, [path, elem]);
      stored.set(key, v);
    }
    for (const row of rows) {
      const key = `${row.elem}:${row.path}`;
      stale.delete(key);
      if (stored.get(key) !== row.v) upsert.run(sub, rtype, rid, row.path, row.elem, row.v);
    }
    for (const [path, elem] of stale.values()) remove.run(sub, rtype, rid, path, elem);
  });
  const statements = { replace, insert, removeAll };
  statementsByDb.set(db, statements);
  return statements;
}

/** Makes `rows` the whole index of the resource (call it in the transaction that writes the resource). */
export function replaceIndexRows(
  db: BetterSqlite3.Database,
  sub: string,
  resourceType: ResourceTypeName,
  rid: string,
  rows: IndexRow[],
): void {
  statementsFor(db).replace(sub, resourceType, rid, rows);
}

export function deleteIndexRows(
  db: BetterSqlite3.Database,
  sub: string,
  resourceType: ResourceTypeName,
  rid: string,
): void {
  statementsFor(db).removeAll.run(sub, resourceType, rid);
}

/**
 * Writes the index of a resource that has none (a bulk load: no read, no diff). Throws on a
 * row that exists already: the caller deletes the resource's rows first when it may have some.
 */
export function insertIndexRows(
  db: BetterSqlite3.Database,
  sub: string,
  resourceType: ResourceTypeName,
  rid: string,
  rows: IndexRow[],
): void {
  const { insert } = statementsFor(db);
  for (const row of rows) insert.run(sub, resourceType, rid, row.path, row.elem, row.v);
}
