import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SetAsideReport, openOrSetAside } from '../../../../platform/sqlite/open-or-set-aside';
import { caselessKey } from '../../../../platform/text/caseless-key';
import { ProvisioningLogEntry } from './provisioning-log.entry';
import { LOOKUP_WRITER_SQL, openLookups } from './provisioning-log.lookups';

export const PROVISIONING_LOG_FILE = 'provisioning-log.db';

/**
 * DATA_DIR/provisioning-log.db: an operational log, not derived from events, so it lives apart
 * from the read model and no rebuild touches it. synchronous=NORMAL: losing the last batch in a
 * power cut is acceptable for a log; an fsync per batch is not worth it.
 *
 * Indexes follow the admin API's queries: newest first per subscription (`at` grows with `id`,
 * so this index is appended to), and by status for failures only (a partial index: successful
 * requests, the bulk, cost it nothing; a query on a 2xx status scans by time). By resource and by
 * subject: lookup tables written in batches (provisioning-log.lookups.ts).
 */
const SCHEMA = `
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
    subject        TEXT,
    subject_key    TEXT,
    status         INTEGER NOT NULL,
    scim_type      TEXT,
    detail         TEXT,
    duration_ms    REAL    NOT NULL,
    correlation_id TEXT    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS provisioning_log_by_time ON provisioning_log (subscription, at, id);
  CREATE INDEX IF NOT EXISTS provisioning_log_failures ON provisioning_log (subscription, status, at, id)
    WHERE status >= 400;
`;

/** Written with a subject but no key: the same terms as the partial index, so that it is used. */
const UNKEYED = 'subject IS NOT NULL AND subject_key IS NULL';

/** The term a query repeats so that SQLite can use the partial index of failures. */
export const FAILURES_ONLY = 'status >= 400';

export function provisioningLogFile(dataDir: string): string {
  return path.join(dataDir, PROVISIONING_LOG_FILE);
}

/**
 * Opens the log (creating its schema) for reading; the writes go through the log's worker, which
 * opens the file after this. A file that is not a database is set aside (kept, renamed) and the
 * log starts empty: provisioning goes on, and the old records stay available for recovery.
 */
export function openProvisioningLogDatabase(
  file: string,
  onSetAside: SetAsideReport = () => {},
): Database.Database {
  return openOrSetAside(
    file,
    (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA);
      // Logs written before the subject column: add it (older entries have none).
      const columns = db.prepare("SELECT name FROM pragma_table_info('provisioning_log')").pluck().all();
      if (!columns.includes('subject')) db.exec('ALTER TABLE provisioning_log ADD COLUMN subject TEXT');
      if (!columns.includes('subject_key'))
        db.exec('ALTER TABLE provisioning_log ADD COLUMN subject_key TEXT');
      // Entries without a key: written before the column, or by an older build run on this file
      // since (a downgrade). A partial index finds them without a scan of the log at every start
      // (20 to 30 ms per 150,000 entries, more on a cold cache); this build's inserts always
      // have a key, so they never enter it. Built once (that first build is the scan).
      db.exec(
        `CREATE INDEX IF NOT EXISTS provisioning_log_unkeyed ON provisioning_log (id) WHERE ${UNKEYED}`,
      );
      db.function('caseless_key', { deterministic: true }, (text: unknown) =>
        typeof text === 'string' ? caselessKey(text) : null,
      );
      db.exec(`UPDATE provisioning_log SET subject_key = caseless_key(subject) WHERE ${UNKEYED}`);
      openLookups(db);
    },
    onSetAside,
  );
}

/**
 * An entry as the writer's insert binds it: its values in WRITER_SQL.insert's column order. The
 * worker gets these instead of the objects: an array of values costs half as much to post to a
 * thread, and binding by position saves looking up each name (docs/performance.md, session 18).
 */
export type ProvisioningLogRow = [
  at: number,
  subscription: string | null,
  tokenId: string | null,
  method: string,
  path: string,
  filter: string | null,
  resourceType: string | null,
  resourceId: string | null,
  subject: string | null,
  subjectKey: string | null,
  status: number,
  scimType: string | null,
  detail: string | null,
  durationMs: number,
  correlationId: string,
];

export function provisioningLogRow(entry: ProvisioningLogEntry): ProvisioningLogRow {
  return [
    entry.at,
    entry.subscription,
    entry.tokenId,
    entry.method,
    entry.path,
    entry.filter,
    entry.resourceType,
    entry.resourceId,
    entry.subject,
    entry.subjectKey,
    entry.status,
    entry.scimType,
    entry.detail,
    entry.durationMs,
    entry.correlationId,
  ];
}

/** The writer's statements, run by the worker (the insert binds a ProvisioningLogRow). */
export const WRITER_SQL = {
  insert: `INSERT INTO provisioning_log (at, subscription, token_id, method, path, filter, resource_type,
             resource_id, subject, subject_key, status, scim_type, detail, duration_ms, correlation_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  // Entries come in about in time order, so the first one to keep bounds the ones to delete; an
  // entry recorded a few seconds out of order waits for the next purge.
  firstKept: 'SELECT id FROM provisioning_log WHERE at >= ? ORDER BY id LIMIT 1',
  // A purge goes in chunks of 5,000 entries, each one transaction: the lookups' rows, then the entries.
  purgeChunkEnd: 'SELECT max(id) FROM (SELECT id FROM provisioning_log WHERE id < ? ORDER BY id LIMIT 5000)',
  purgeThrough: 'DELETE FROM provisioning_log WHERE id <= ?',
  lookups: LOOKUP_WRITER_SQL,
};
