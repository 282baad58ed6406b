import type { Database } from 'better-sqlite3';
import { createScimIndexSchema } from './scim-query';

/**
 * The SCIM read model: each resource as the JSON a GET returns (without meta.location, which
 * depends on the request's host), its version (stream revision), and for users the Identity
 * snapshot the next event is applied to. Group members are rows of scim_group_member, read in
 * pages, never part of the group's JSON.
 *
 * doc is the global log position of the resource's creation event: unique, the same in the live
 * read model and in any replay of the log (an insertion counter would differ with batch sizes),
 * and the order of lists (creation order). The index rows in scim_attr name resources by it.
 * Declared INTEGER PRIMARY KEY, so it is the rowid and VACUUM never renumbers it.
 */
export function createScimResourceTables(db: Database): void {
  // A rowid table: documents (about 1 KB) overflow the pages of a WITHOUT ROWID table's
  // B-tree, which made every key comparison of a lookup read overflow pages. Older files had
  // that layout, or no doc: drop them, the projections' version change replays them.
  const existing = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'scim_resource'`)
    .get() as { sql: string } | undefined;
  const columns = db.prepare("SELECT name FROM pragma_table_info('scim_resource')").pluck().all();
  if (existing && (/WITHOUT ROWID/i.test(existing.sql) || !columns.includes('doc')))
    db.exec('DROP TABLE scim_resource');
  db.exec(`
    CREATE TABLE IF NOT EXISTS scim_resource (
      doc     INTEGER PRIMARY KEY,
      sub     TEXT    NOT NULL,
      rtype   TEXT    NOT NULL,
      id      TEXT    NOT NULL,
      json    TEXT    NOT NULL,
      version INTEGER NOT NULL,
      source  TEXT,
      UNIQUE (sub, rtype, id)
    );
    -- Lists without an indexed filter walk a subscription's resources in doc order (the index
    -- ends with the rowid, which is doc): pages without a sort.
    CREATE INDEX IF NOT EXISTS scim_resource_by_type ON scim_resource (sub, rtype);
    CREATE TABLE IF NOT EXISTS scim_group_member (
      sub         TEXT NOT NULL,
      group_id    TEXT NOT NULL,
      member_id   TEXT NOT NULL,
      member_type TEXT NOT NULL,
      PRIMARY KEY (sub, group_id, member_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS scim_group_member_by_member ON scim_group_member (sub, member_id);
  `);
  createScimIndexSchema(db);
}

/**
 * The doc (and scope) a resource created by the event at `position` gets: its prepare position,
 * unique per event in both stores (the SQLite store's event number; EventStoreDB's far below 2^53).
 */
export function docOf(position: { prepare: bigint }): number {
  const doc = Number(position.prepare);
  if (!Number.isSafeInteger(doc))
    throw new RangeError(`log position ${position.prepare} is not a doc number`);
  return doc;
}
