import BetterSqlite3, { type Database } from 'better-sqlite3';
import * as path from 'node:path';

/** Beside events.db: held by the process that uses DATA_DIR's event store. */
export const LOCK_FILE = 'events.lock';

/**
 * Makes this process the only user of DATA_DIR's event store, for as long as the returned
 * connection stays open.
 *
 * A small SQLite file of its own, opened with `locking_mode=EXCLUSIVE`: SQLite keeps the file
 * lock it takes for the first write until the connection closes. The lock is a POSIX advisory
 * lock, so the kernel drops it when the process dies, even on SIGKILL, and no stale lock is
 * ever left behind. events.db itself is shared by this process's reader and writer thread.
 *
 * Throws the SQLite error (SQLITE_BUSY) when another process holds the lock; the caller maps it.
 */
export function holdDataDirLock(dir: string): Database {
  // timeout 0: a second process must fail at once, not wait for a lock that is never released.
  const db = new BetterSqlite3(path.join(dir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`could not switch to WAL journal mode (got ${String(mode)})`);
    // An empty write transaction takes the exclusive lock now.
    db.exec('BEGIN IMMEDIATE');
    db.exec('COMMIT');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
