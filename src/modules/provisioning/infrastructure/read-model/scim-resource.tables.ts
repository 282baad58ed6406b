import type { Database } from 'better-sqlite3';
import { createScimIndexSchema } from './scim-query';

/**
 * The SCIM read model: each resource as the JSON a GET returns (without meta.location, which
 * depends on the request's host), its version (stream revision), and for users the Identity
 * snapshot the next event is applied to. Group members are rows of scim_group_member, read in
 * pages, never part of the group's JSON.
 */
export function createScimResourceTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS scim_resource (
      sub     TEXT    NOT NULL,
      rtype   TEXT    NOT NULL,
      id      TEXT    NOT NULL,
      json    TEXT    NOT NULL,
      version INTEGER NOT NULL,
      source  TEXT,
      PRIMARY KEY (sub, rtype, id)
    ) WITHOUT ROWID;
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
