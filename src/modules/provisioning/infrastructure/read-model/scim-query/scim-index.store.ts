import type BetterSqlite3 from 'better-sqlite3';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { IndexValue } from './index-key';
import { IndexRow } from './scim-index.rows';

type ResourceKey = [sub: string, rtype: ResourceTypeName, rid: string];
type RowKey = [...ResourceKey, path: string, elem: number];

interface IndexStatements {
  replace: (sub: string, resourceType: ResourceTypeName, rid: string, rows: IndexRow[]) => void;
  /** INSERTs of 1..MAX_ROWS_PER_INSERT rows, by row count, prepared when first needed. */
  inserts: BetterSqlite3.Statement<IndexValue[]>[];
  removeAll: BetterSqlite3.Statement<ResourceKey>;
}

// A user has about 20 rows: one statement for all of them costs less than one per row (the
// per-call overhead dominates a bulk load). Bounds the statements cached per connection.
const MAX_ROWS_PER_INSERT = 32;

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
  const statements = { replace, inserts: [], removeAll };
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
  const { inserts } = statementsFor(db);
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + MAX_ROWS_PER_INSERT);
    const params: IndexValue[] = [sub, resourceType, rid];
    for (const row of chunk) params.push(row.path, row.elem, row.v);
    inserts[chunk.length] ??= prepareInsert(db, chunk.length);
    inserts[chunk.length]!.run(...params);
  }
}

/** The resource's key once, then (path, elem, v) per row. */
function prepareInsert(db: BetterSqlite3.Database, rows: number): BetterSqlite3.Statement<IndexValue[]> {
  const values = Array.from({ length: rows }, () => '(?, ?, ?)').join(', ');
  return db.prepare<IndexValue[]>(
    `INSERT INTO scim_attr (sub, rtype, rid, path, elem, v)
     SELECT k.sub, k.rtype, k.rid, r.column1, r.column2, r.column3
     FROM (SELECT ? AS sub, ? AS rtype, ? AS rid) AS k, (VALUES ${values}) AS r`,
  );
}
