import type { Database } from 'better-sqlite3';

/**
 * Identity's own index (module-private tables): which users and groups exist, whom each user
 * reports to, each group's details with the revision they reflect, and who is a member of which
 * group.
 */
export function createIdentityIndexTables(db: Database): void {
  // Files of version 2 have no manager_id: drop the table, the version change replays it.
  const columns = db.prepare("SELECT name FROM pragma_table_info('idn_user')").pluck().all();
  if (columns.length > 0 && !columns.includes('manager_id')) db.exec('DROP TABLE idn_user');
  db.exec(`
    CREATE TABLE IF NOT EXISTS idn_user (
      sub        TEXT NOT NULL,
      id         TEXT NOT NULL,
      active     INTEGER NOT NULL,
      manager_id TEXT,
      PRIMARY KEY (sub, id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS idn_user_by_manager ON idn_user (sub, manager_id) WHERE manager_id IS NOT NULL;
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
