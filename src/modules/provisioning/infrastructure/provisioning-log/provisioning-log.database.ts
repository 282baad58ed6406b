import * as path from 'node:path';
import Database from 'better-sqlite3';

export const PROVISIONING_LOG_FILE = 'provisioning-log.db';

/**
 * DATA_DIR/provisioning-log.db: an operational log, not derived from events, so it lives apart
 * from the read model and no rebuild touches it. synchronous=NORMAL: losing the last batch in a
 * power cut is acceptable for a log; an fsync per batch is not worth it.
 *
 * Indexes follow the admin API's queries: newest first per subscription, optionally by resource
 * or status; `at` alone serves the retention purge across subscriptions.
 */
export function openProvisioningLogDatabase(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, PROVISIONING_LOG_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS provisioning_log (
      id             INTEGER PRIMARY KEY,
      at             INTEGER NOT NULL,
      subscription   TEXT,
      token_id       TEXT,
      method         TEXT    NOT NULL,
      path           TEXT    NOT NULL,
      filter         TEXT,
      resource_type  TEXT,
      resource_id    TEXT,
      status         INTEGER NOT NULL,
      scim_type      TEXT,
      detail         TEXT,
      duration_ms    REAL    NOT NULL,
      correlation_id TEXT    NOT NULL
    );
    CREATE INDEX IF NOT EXISTS provisioning_log_by_time ON provisioning_log (subscription, at, id);
    CREATE INDEX IF NOT EXISTS provisioning_log_by_resource ON provisioning_log (subscription, resource_id, at, id);
    CREATE INDEX IF NOT EXISTS provisioning_log_by_status ON provisioning_log (subscription, status, at, id);
    CREATE INDEX IF NOT EXISTS provisioning_log_by_age ON provisioning_log (at);
  `);
  return db;
}
