import type BetterSqlite3 from 'better-sqlite3';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { IndexValue } from './index-key';
import { IndexRow } from './scim-index.rows';

/** Which resource index rows belong to: scim_resource.doc, and the scim_scope of its (sub, rtype). */
export interface IndexedResource {
  scope: number;
  doc: number;
}

type RowKey = [doc: number, path: string, elem: number];

interface IndexStatements {
  replace: (resource: IndexedResource, rows: IndexRow[], held?: readonly IndexRow[]) => void;
  /** INSERTs of 1..MAX_ROWS_PER_INSERT rows, by row count, prepared when first needed. */
  inserts: BetterSqlite3.Statement<IndexValue[]>[];
  removeAll: BetterSqlite3.Statement<[doc: number]>;
  claimScope: BetterSqlite3.Statement<[sub: string, rtype: ResourceTypeName, scope: number]>;
  scope: BetterSqlite3.Statement<[sub: string, rtype: ResourceTypeName], number>;
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
    .prepare<[doc: number], [string, number, IndexValue]>('SELECT path, elem, v FROM scim_attr WHERE doc = ?')
    .raw();
  const upsert = db.prepare<[scope: number, ...RowKey, IndexValue]>(
    'INSERT OR REPLACE INTO scim_attr (scope, doc, path, elem, v) VALUES (?, ?, ?, ?, ?)',
  );
  const remove = db.prepare<RowKey>('DELETE FROM scim_attr WHERE doc = ? AND path = ? AND elem = ?');
  const removeAll = db.prepare<[doc: number]>('DELETE FROM scim_attr WHERE doc = ?');

  // A write usually changes a few attributes (and meta.lastModified): touch only the rows that
  // differ, so both indexes see a handful of changes instead of the whole resource twice. The
  // rows held now are read, unless the caller knows them (reading them was a quarter of a PATCH's
  // projection: a JS array and strings per row).
  const replaceRows = ({ scope, doc }: IndexedResource, rows: IndexRow[], held?: readonly IndexRow[]) => {
    const before = held ?? current.all(doc).map(([path, elem, v]) => ({ path, elem, v }));
    // Both lists come from indexRowsFor in document order, so a change of values leaves them
    // aligned: compared in step, without a key string or map entry per row. From the first
    // row that differs in place on, matched by key.
    const common = Math.min(rows.length, before.length);
    let i = 0;
    for (; i < common; i++) {
      const row = rows[i]!;
      const old = before[i]!;
      if (row.path !== old.path || row.elem !== old.elem) break;
      if (row.v !== old.v) upsert.run(scope, doc, row.path, row.elem, row.v);
    }
    if (i === rows.length && i === before.length) return;
    const stale = new Map<string, IndexRow>();
    for (let j = i; j < before.length; j++) stale.set(`${before[j]!.elem}:${before[j]!.path}`, before[j]!);
    for (let j = i; j < rows.length; j++) {
      const row = rows[j]!;
      const key = `${row.elem}:${row.path}`;
      const old = stale.get(key);
      stale.delete(key);
      if (old?.v !== row.v) upsert.run(scope, doc, row.path, row.elem, row.v);
    }
    for (const { path, elem } of stale.values()) remove.run(doc, path, elem);
  };
  const replaceAtomically = db.transaction(replaceRows);
  // Inside the caller's transaction as is: a savepoint there would copy every page the diff
  // touches into a sub-journal first, and the caller's rollback undoes a failed diff anyway.
  const replace = (resource: IndexedResource, rows: IndexRow[], held?: readonly IndexRow[]) =>
    db.inTransaction ? replaceRows(resource, rows, held) : replaceAtomically(resource, rows, held);
  const claimScope = db.prepare<[string, ResourceTypeName, number]>(
    'INSERT OR IGNORE INTO scim_scope (sub, rtype, scope) VALUES (?, ?, ?)',
  );
  const scope = db
    .prepare<[string, ResourceTypeName], number>('SELECT scope FROM scim_scope WHERE sub = ? AND rtype = ?')
    .pluck();
  const statements = { replace, inserts: [], removeAll, claimScope, scope };
  statementsByDb.set(db, statements);
  return statements;
}

/**
 * The scope of (sub, rtype), for a resource created by the event at `position` (its doc): the
 * first creation of the pair sets it to its position. Call it at every creation, in the
 * transaction that writes the resource; a scope is never renumbered (only a projection's reset
 * removes its type's scopes).
 */
export function claimScope(
  db: BetterSqlite3.Database,
  sub: string,
  resourceType: ResourceTypeName,
  position: number,
): number {
  const { claimScope: claim, scope } = statementsFor(db);
  claim.run(sub, resourceType, position);
  return scope.get(sub, resourceType)!;
}

/**
 * Makes `rows` the whole index of the resource (call it in the transaction that writes the
 * resource). `held`: the rows it has now, when the caller knows them exactly (else they are read).
 */
export function replaceIndexRows(
  db: BetterSqlite3.Database,
  resource: IndexedResource,
  rows: IndexRow[],
  held?: readonly IndexRow[],
): void {
  statementsFor(db).replace(resource, rows, held);
}

export function deleteIndexRows(db: BetterSqlite3.Database, doc: number): void {
  statementsFor(db).removeAll.run(doc);
}

/**
 * Writes the index of a resource that has none (a bulk load: no read, no diff). Throws on a
 * row that exists already: the caller deletes the resource's rows first when it may have some.
 */
export function insertIndexRows(
  db: BetterSqlite3.Database,
  resource: IndexedResource,
  rows: IndexRow[],
): void {
  const { inserts } = statementsFor(db);
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
    const chunk = rows.length <= MAX_ROWS_PER_INSERT ? rows : rows.slice(start, start + MAX_ROWS_PER_INSERT);
    const params: IndexValue[] = [resource.scope, resource.doc];
    for (const row of chunk) params.push(row.path, row.elem, row.v);
    inserts[chunk.length] ??= prepareInsert(db, chunk.length);
    const { changes } = inserts[chunk.length]!.run(...params);
    if (changes !== chunk.length) {
      throw new Error(
        `scim_attr of doc ${resource.doc}: ${chunk.length - changes} row(s) not inserted (exist already)`,
      );
    }
  }
}

/**
 * The resource's key once, then (path, elem, v) per row. OR IGNORE, with the caller counting the
 * rows inserted: a plain INSERT of several rows must be undoable on its own, so SQLite copies
 * every page it touches into a statement journal first (in a 60,000-user table, a user's rows
 * took 88 instead of 48 us).
 */
function prepareInsert(db: BetterSqlite3.Database, rows: number): BetterSqlite3.Statement<IndexValue[]> {
  const values = Array.from({ length: rows }, () => '(?, ?, ?)').join(', ');
  return db.prepare<IndexValue[]>(
    `INSERT OR IGNORE INTO scim_attr (scope, doc, path, elem, v)
     SELECT k.scope, k.doc, r.column1, r.column2, r.column3
     FROM (SELECT ? AS scope, ? AS doc) AS k, (VALUES ${values}) AS r`,
  );
}
