import type { Database } from 'better-sqlite3';
import { createScimIndexSchema } from './scim-query';

/**
 * The SCIM read model: each resource as the JSON a GET returns (without meta.location, which
 * depends on the request's host), its version (stream revision), and for users the Identity
 * snapshot the next event is applied to. Group members are rows of scim_group_member, read in
 * pages, never part of the group's JSON.
 */
export function createScimResourceTables(db: Database): void {
  // A rowid table: documents (about 1 KB) overflow the pages of a WITHOUT ROWID table's
  // B-tree, which made every key comparison of a lookup read overflow pages. Older files
  // had that layout: drop it, the projections' version change replays it.
  const existing = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'scim_resource'`)
    .get() as { sql: string } | undefined;
  if (existing && /WITHOUT ROWID/i.test(existing.sql)) db.exec('DROP TABLE scim_resource');
  db.exec(`
    CREATE TABLE IF NOT EXISTS scim_resource (
      sub     TEXT    NOT NULL,
      rtype   TEXT    NOT NULL,
      id      TEXT    NOT NULL,
      json    TEXT    NOT NULL,
      version INTEGER NOT NULL,
      source  TEXT,
      UNIQUE (sub, rtype, id)
    );
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
