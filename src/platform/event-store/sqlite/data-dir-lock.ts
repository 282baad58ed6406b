import type { Database } from 'better-sqlite3';

/**
 * Makes this connection the only user of the database file for the life of the process.
 *
 * With `locking_mode=EXCLUSIVE` SQLite keeps the file lock it takes for the first write until
 * the connection closes; the lock is a POSIX advisory lock, so the kernel drops it when the
 * process dies, even on SIGKILL, and no stale lock file is ever left behind. Set before the
 * first WAL access, it also means no shared-memory (-shm) index is used.
 *
 * Throws the SQLite error (SQLITE_BUSY) when another process holds the lock; the caller maps it.
 */
export function holdExclusiveLock(db: Database): void {
  db.pragma('locking_mode = EXCLUSIVE');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`could not switch to WAL journal mode (got ${String(mode)})`);
  // An empty write transaction takes the exclusive lock now rather than at the first append.
  db.exec('BEGIN IMMEDIATE');
  db.exec('COMMIT');
}
