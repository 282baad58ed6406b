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

/** What the lock file says of the previous process that held DATA_DIR. */
export interface PreviousRun {
  startedAt: string;
  /** False when it died holding the lock (SIGKILL, crash, power cut) instead of closing the store. */
  stoppedCleanly: boolean;
}

/**
 * Notes in the lock file that this process runs, and answers what it said of the previous one
 * (undefined on a new DATA_DIR): an operator reading the logs after a restart learns that the
 * last run was cut short.
 */
export function recordRunStart(lock: Database): PreviousRun | undefined {
  lock.exec(
    'CREATE TABLE IF NOT EXISTS run (id INTEGER PRIMARY KEY CHECK (id = 1), started_at TEXT NOT NULL, stopped_cleanly INTEGER NOT NULL)',
  );
  const previous = lock.prepare('SELECT started_at, stopped_cleanly FROM run WHERE id = 1').get() as
    { started_at: string; stopped_cleanly: number } | undefined;
  lock
    .prepare('INSERT OR REPLACE INTO run (id, started_at, stopped_cleanly) VALUES (1, ?, 0)')
    .run(new Date().toISOString());
  return previous && { startedAt: previous.started_at, stoppedCleanly: previous.stopped_cleanly === 1 };
}

/** The last thing a clean stop does before it lets DATA_DIR go. */
export function recordCleanStop(lock: Database): void {
  lock.prepare('UPDATE run SET stopped_cleanly = 1 WHERE id = 1').run();
}
