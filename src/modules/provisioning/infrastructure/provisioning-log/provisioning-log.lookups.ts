import type { Database } from 'better-sqlite3';

/**
 * The log's two lookups, by resource id and by subject key, as tables of their own written in
 * batches instead of indexes on the log.
 *
 * An index on (subscription, resource_id, ...) puts every entry on the page of its resource: at
 * bench:scim's 7,500 PATCHes per second over 1,000 users, each 50 ms commit of ~375 entries
 * dirtied up to one index page per entry, and the log's writer thread doubled its CPU per entry
 * once the index outgrew a commit (docs/performance.md, sessions 20 and 21). Here entries land in
 * the log alone (its rowid and time index are appended to), and every LOOKUP_BATCH_MS or
 * LOOKUP_BATCH_ROWS the writer copies the new ones into the lookups sorted by key, in one
 * transaction: each page once per batch, whatever the number of its entries.
 *
 * `provisioning_log_lookup_state.through` is the last log id copied. A query by resource or
 * subject reads the lookup for entries up to it and the log itself (by rowid, a bounded range)
 * for the ones after it, in one statement: one snapshot, nothing seen twice or missed.
 */
const LOOKUP_SCHEMA = `
  CREATE TABLE IF NOT EXISTS provisioning_log_resource_lookup (
    subscription TEXT    NOT NULL,
    resource_id  TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    id           INTEGER NOT NULL,
    PRIMARY KEY (subscription, resource_id, at, id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS provisioning_log_subject_lookup (
    subscription TEXT    NOT NULL,
    subject_key  TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    id           INTEGER NOT NULL,
    PRIMARY KEY (subscription, subject_key, at, id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS provisioning_log_lookup_state (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    through INTEGER NOT NULL
  );
`;

/** A lookup: its table and the log's column it looks up. */
export interface Lookup {
  table: string;
  column: 'resource_id' | 'subject_key';
}

export const RESOURCE_LOOKUP: Lookup = { table: 'provisioning_log_resource_lookup', column: 'resource_id' };
export const SUBJECT_LOOKUP: Lookup = { table: 'provisioning_log_subject_lookup', column: 'subject_key' };
const LOOKUPS = [RESOURCE_LOOKUP, SUBJECT_LOOKUP];

/** The last log id the lookups hold, as a scalar subquery. */
export const LOOKUPS_THROUGH = '(SELECT through FROM provisioning_log_lookup_state WHERE id = 1)';

/** Copies the log's entries in (from, to] into a lookup, in key order (each page once). */
function copySql({ table, column }: Lookup, range: string): string {
  return `INSERT OR IGNORE INTO ${table} (subscription, ${column}, at, id)
          SELECT subscription, ${column}, at, id FROM provisioning_log
          WHERE ${range} AND subscription IS NOT NULL AND ${column} IS NOT NULL
          ORDER BY subscription, ${column}, at, id`;
}

/** The writer's statements for the lookups, run by its worker thread. */
export const LOOKUP_WRITER_SQL = {
  through: `SELECT through FROM provisioning_log_lookup_state WHERE id = 1`,
  lastId: 'SELECT coalesce(max(id), 0) FROM provisioning_log',
  copy: LOOKUPS.map((lookup) => copySql(lookup, 'id > ? AND id <= ?')),
  setThrough: 'UPDATE provisioning_log_lookup_state SET through = ? WHERE id = 1',
  /**
   * After a purge: a log purged empty gives its next entry id 1 again (SQLite's rowid without
   * AUTOINCREMENT), which must count as not copied. Every entry up to `through` was copied, so
   * lowering it to the last id left loses nothing.
   */
  clampThrough: `UPDATE provisioning_log_lookup_state SET through = (SELECT coalesce(max(id), 0) FROM provisioning_log)
                 WHERE id = 1 AND through > (SELECT coalesce(max(id), 0) FROM provisioning_log)`,
  /** Before a purge deletes the log's entries up to an id: their lookup rows (none for entries not copied yet). */
  purge: LOOKUPS.map(
    ({ table, column }) =>
      `DELETE FROM ${table} WHERE (subscription, ${column}, at, id) IN (
         SELECT subscription, ${column}, at, id FROM provisioning_log
         WHERE id <= ? AND subscription IS NOT NULL AND ${column} IS NOT NULL)`,
  ),
};

/**
 * At open: the lookup tables, and the indexes they replace dropped. A log from before them is
 * copied in once (its entries keyed first: call this after the subject keys are set). A build
 * from before the lookups, run on this file since (a downgrade), rebuilt its indexes: dropped
 * again; the entries it wrote are after `through`, and the next batch copies them. Its purges
 * left lookup rows without an entry, which queries never show (they join the log on id and time).
 */
export function openLookups(db: Database): void {
  db.exec(LOOKUP_SCHEMA);
  db.transaction(() => {
    if (db.prepare(LOOKUP_WRITER_SQL.through).get() !== undefined) return;
    for (const lookup of LOOKUPS) db.exec(copySql(lookup, '1'));
    const last = db.prepare(LOOKUP_WRITER_SQL.lastId).pluck().get() as number;
    db.prepare('INSERT INTO provisioning_log_lookup_state (id, through) VALUES (1, ?)').run(last);
  })();
  db.exec(LOOKUP_WRITER_SQL.clampThrough);
  db.exec(`DROP INDEX IF EXISTS provisioning_log_by_resource;
           DROP INDEX IF EXISTS provisioning_log_by_subject_key;
           DROP INDEX IF EXISTS provisioning_log_by_subject;`);
}
