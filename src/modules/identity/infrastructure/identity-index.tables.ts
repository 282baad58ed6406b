import type { Database } from 'better-sqlite3';

/**
 * Identity's own index (module-private tables): which users and groups exist, each group's
 * details with the revision they reflect, and who is a member of which group.
 */
export function createIdentityIndexTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS idn_user (
      sub    TEXT NOT NULL,
      id     TEXT NOT NULL,
      active INTEGER NOT NULL,
      PRIMARY KEY (sub, id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS idn_group (
      sub          TEXT NOT NULL,
      id           TEXT NOT NULL,
      display_name TEXT NOT NULL,
      external_id  TEXT,
      revision     INTEGER NOT NULL,
      PRIMARY KEY (sub, id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS idn_group_member (
      sub         TEXT NOT NULL,
      group_id    TEXT NOT NULL,
      member_id   TEXT NOT NULL,
      member_type TEXT NOT NULL,
      PRIMARY KEY (sub, group_id, member_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS idn_group_member_by_member ON idn_group_member (sub, member_id);
  `);
}
