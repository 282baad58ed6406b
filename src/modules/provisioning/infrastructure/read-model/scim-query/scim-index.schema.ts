import type BetterSqlite3 from 'better-sqlite3';

export const SCIM_VALUE_INDEX_DDL =
  'CREATE INDEX IF NOT EXISTS scim_attr_value ON scim_attr (sub, rtype, path, v);';

/**
 * The attribute index of the SCIM read model: one row per attribute value of a resource, so that
 * every filter term is an index range scan instead of a scan of the resources.
 *
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
 * scim_attr_value serves look-ups by value. WITHOUT ROWID: the secondary index carries rid and elem.
 */
export const SCIM_INDEX_DDL = `
CREATE TABLE IF NOT EXISTS scim_attr (
  sub   TEXT    NOT NULL,
  rtype TEXT    NOT NULL,
  rid   TEXT    NOT NULL,
  path  TEXT    NOT NULL,
  elem  INTEGER NOT NULL,
  v     ANY     NOT NULL,
  PRIMARY KEY (sub, rtype, rid, path, elem)
) STRICT, WITHOUT ROWID;
${SCIM_VALUE_INDEX_DDL}
`;

/** Idempotent. */
export function createScimIndexSchema(db: BetterSqlite3.Database): void {
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
