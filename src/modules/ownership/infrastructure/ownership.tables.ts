import type { Database } from 'better-sqlite3';

/**
 * Ownership's read model (module-private): resources, permissions, transfers with their items, and
 * the handovers still to be carried out.
 */
export function createOwnershipTables(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS own_resource (
      sub TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
      owner_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
      PRIMARY KEY (sub, id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS own_resource_by_owner ON own_resource (sub, owner_id);
    -- The lists' order, paged by (time, id), for a subscription and for one owner: a page reads
    -- its rows, not the subscription's.
    CREATE INDEX IF NOT EXISTS own_resource_by_creation ON own_resource (sub, created_at, id);
    CREATE INDEX IF NOT EXISTS own_resource_by_owner_creation ON own_resource (sub, owner_id, created_at, id);
    CREATE TABLE IF NOT EXISTS own_permission (
      sub TEXT NOT NULL, id TEXT NOT NULL, permission TEXT NOT NULL,
      holder_id TEXT NOT NULL, granted_at TEXT NOT NULL, updated_at TEXT NOT NULL,
      PRIMARY KEY (sub, id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS own_permission_by_holder ON own_permission (sub, holder_id);
    CREATE INDEX IF NOT EXISTS own_permission_by_grant ON own_permission (sub, granted_at, id);
    CREATE INDEX IF NOT EXISTS own_permission_by_holder_grant ON own_permission (sub, holder_id, granted_at, id);
    CREATE TABLE IF NOT EXISTS own_transfer (
      sub TEXT NOT NULL, id TEXT NOT NULL, from_user TEXT NOT NULL, to_user TEXT NOT NULL,
      rule TEXT NOT NULL, trigger TEXT NOT NULL, roles TEXT NOT NULL,
      started_at TEXT NOT NULL, ended_at TEXT, roles_not_moved TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (sub, id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS own_transfer_by_start ON own_transfer (sub, started_at);
    CREATE TABLE IF NOT EXISTS own_transfer_item (
      sub TEXT NOT NULL, transfer_id TEXT NOT NULL, kind TEXT NOT NULL, item_id TEXT NOT NULL, moved_at TEXT NOT NULL,
      PRIMARY KEY (sub, transfer_id, kind, item_id)
    ) WITHOUT ROWID;
    -- Handovers decided (a disable or delete was accepted) whose transfer has not completed yet.
    CREATE TABLE IF NOT EXISTS own_pending_handover (
      sub TEXT NOT NULL, transfer_id TEXT NOT NULL, from_user TEXT NOT NULL, to_user TEXT NOT NULL,
      takes_subscription_ownership INTEGER NOT NULL, decided_at TEXT NOT NULL,
      PRIMARY KEY (sub, transfer_id)
    ); -- a rowid table: the rowid is the order the handovers were decided in (log order)
    CREATE INDEX IF NOT EXISTS own_pending_handover_by_heir ON own_pending_handover (sub, to_user);
  `);
}

/** own_transfer.roles_not_moved came with projection version 3: added to a table made before. */
export function addMissingOwnershipColumns(db: Database): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('own_transfer') as string[];
  if (!columns.includes('roles_not_moved'))
    db.exec("ALTER TABLE own_transfer ADD COLUMN roles_not_moved TEXT NOT NULL DEFAULT '[]'");
}
