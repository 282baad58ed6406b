import type BetterSqlite3 from 'better-sqlite3';
import { SqlFragment, sql } from './sql-fragment';

/** scim_attr_value, in the database `schema` names (an attached one: a bulk load's copy). */
export function scimValueIndexDdl(schema = 'main'): string {
  return `CREATE INDEX IF NOT EXISTS ${schema}.scim_attr_value ON scim_attr (scope, path, v);`;
}

export const SCIM_VALUE_INDEX_DDL = scimValueIndexDdl();

/**
 * The attribute index of the SCIM read model: one row per attribute value of a resource, so that
 * every filter term is an index range scan instead of a scan of the resources. Narrow: a row
 * names its resource by two integers instead of repeating (sub, rtype, id) in both B-trees.
 *
 * - scope: the (subscription, resource type) of the resource, from scim_scope.
 * - doc: the resource, scim_resource.doc.
 * - path: canonical lower-case dotted path without URN ('username', 'name.familyname',
 *   'emails.value', 'manager.value', 'meta.lastmodified').
 * - elem: index of the element of a multi-valued attribute, 0 otherwise; a value filter
 *   `emails[type eq "work" and value co "x"]` joins rows of the same elem.
 * - v: the comparison key, typed (STRICT ANY keeps the storage class):
 *   lower-cased text for caseExact=false strings, the text itself for caseExact strings and
 *   references, ISO-8601 UTC text with milliseconds for dateTime, 0/1 for booleans, REAL for numbers.
 *   Empty strings and nulls are not stored: absent and empty are the same to a filter (pr).
 *
 * The primary key serves look-ups by resource (sorting, same-element checks, replace);
 * scim_attr_value serves look-ups by value. WITHOUT ROWID: the secondary index carries doc and
 * elem, so an equality probe yields docs in doc order (the default order of lists).
 *
 * scim_scope numbers the (subscription, resource type) pairs. Like doc, a scope is a log
 * position (that of the pair's first resource creation), not an insertion counter, so a replay
 * in any batch sizes writes the same numbers as the live runner (replay --verify compares them).
 */
export const SCIM_INDEX_DDL = `
CREATE TABLE IF NOT EXISTS scim_scope (
  sub   TEXT    NOT NULL,
  rtype TEXT    NOT NULL,
  scope INTEGER NOT NULL UNIQUE,
  PRIMARY KEY (sub, rtype)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scim_attr (
  scope INTEGER NOT NULL,
  doc   INTEGER NOT NULL,
  path  TEXT    NOT NULL,
  elem  INTEGER NOT NULL,
  v     ANY     NOT NULL,
  PRIMARY KEY (doc, path, elem)
) STRICT, WITHOUT ROWID;
${SCIM_VALUE_INDEX_DDL}
`;

/**
 * The scope of (sub, rtype), for a value probe `a.scope = <this>`: one primary-key look-up
 * that SQLite runs once per probe list, not per row. NULL (no row matches) when the pair has
 * no resource yet.
 */
export function scopeSql(sub: SqlFragment, rtype: SqlFragment): SqlFragment {
  return sql`(SELECT scope FROM scim_scope WHERE sub = ${sub} AND rtype = ${rtype})`;
}

/** Idempotent; drops a scim_attr of the older, wide layout (the projections' versions replay it). */
export function createScimIndexSchema(db: BetterSqlite3.Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('scim_attr')").pluck().all();
  if (columns.length > 0 && !columns.includes('scope')) db.exec('DROP TABLE scim_attr');
  db.exec(SCIM_INDEX_DDL);
}

/**
 * For a bulk load into an empty scim_attr: without scim_attr_value each row goes into one
 * B-tree, and building the index afterwards (one sort) costs less than millions of random
 * inserts into it. Filters need it back (SCIM_VALUE_INDEX_DDL) before anyone queries.
 */
export function dropScimValueIndex(db: BetterSqlite3.Database): void {
  db.exec('DROP INDEX IF EXISTS scim_attr_value');
}
