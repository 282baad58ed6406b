import BetterSqlite3, { type Database } from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStoreUnavailableError } from '../event-store.errors';
import { PreviousRun, holdDataDirLock, recordRunStart } from './data-dir-lock';
import { migrate } from './schema';
import { errorMessage, hasSqliteCode } from './sqlite-error';

export const DATABASE_FILE = 'events.db';

export interface OpenedDatabase {
  /** Held open for the life of the store: DATA_DIR belongs to this process meanwhile. */
  lock: Database;
  /** The event loop's connection: reads only (the writer thread has its own). */
  reader: Database;
  file: string;
  previousRun: PreviousRun | undefined;
}

/**
 * Takes DATA_DIR for this process and opens events.db (checked, migrated, in WAL mode) for
 * reading, or throws an EventStoreUnavailableError naming DATA_DIR and the reason (cannot
 * create, not writable, in use, corrupt). The writer thread opens its own connection after.
 */
export function openDatabase(dataDir: string): OpenedDatabase {
  const dir = path.resolve(dataDir);
  ensureWritableDir(dir);
  const file = path.join(dir, DATABASE_FILE);
  let lock: Database | undefined;
  let reader: Database | undefined;
  try {
    lock = holdDataDirLock(dir);
    reader = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
    const mode = reader.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`could not switch to WAL journal mode (got ${String(mode)})`);
    // Reads are stream loads and the tail of $all (most of them from the repository's state cache).
    reader.pragma('cache_size = -16384'); // KiB: 16 MiB
    checkIntegrity(reader);
    migrate(reader);
    return { lock, reader, file, previousRun: recordRunStart(lock) };
  } catch (error) {
    if (reader?.open) reader.close();
    if (lock?.open) lock.close();
    throw openFailed(dir, error);
  }
}

/** Waits out the moments a WAL checkpoint or recovery holds a lock the other connection needs. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The writer thread's connection.
 * - FULL: the WAL is fsynced at every commit, so an acknowledged append survives power loss.
 * - No checkpoint at commit: the store's WalCheckpointer thread copies the WAL back every 200 ms,
 *   each hot index page (event id, stream) once for many commits; a checkpoint run by a commit
 *   held every append behind it for 56 to 208 ms. 4 MiB of page cache: with time-ordered ids most of them are the rightmost pages, and
 *   two interleaved `bench:scim` runs at 100,000 users against 16 MiB showed no cost (server CPU
 *   per POST 0.366 / 0.383 vs 0.446 / 0.428 ms, per PATCH 0.297 / 0.326 vs 0.411 / 0.414) and
 *   11 to 17 MB less peak RSS while creating the users. A miss costs this thread a read, not the
 *   event loop.
 */
export function openWriterConnection(file: string): Database {
  const db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -4096'); // KiB: 4 MiB
  // Only the safety net (~40 MiB of WAL), should the checkpointer thread stop.
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}

function ensureWritableDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new EventStoreUnavailableError(`DATA_DIR ${dir} cannot be created: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new EventStoreUnavailableError(`DATA_DIR ${dir} is not writable: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** quick_check reads every page but skips index cross-checks: catches a damaged file at start-up. */
function checkIntegrity(db: Database): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((result) => result !== 'ok');
  if (problems.length > 0) throw new CorruptDatabaseError(problems.slice(0, 5).join('; '));
}

class CorruptDatabaseError extends Error {}

export function openFailed(dir: string, error: unknown): EventStoreUnavailableError {
  const file = path.join(dir, DATABASE_FILE);
  const reason = errorMessage(error);
  let message: string;
  if (hasSqliteCode(error, 'SQLITE_BUSY') || hasSqliteCode(error, 'SQLITE_LOCKED')) {
    message = `DATA_DIR ${dir} is already in use by another process, or another open store in this one (${file} is locked)`;
  } else if (
    error instanceof CorruptDatabaseError ||
    hasSqliteCode(error, 'SQLITE_NOTADB') ||
    hasSqliteCode(error, 'SQLITE_CORRUPT')
  ) {
    message = `DATA_DIR ${dir}: ${file} is corrupt or not an SQLite database (${reason})`;
  } else if (
    hasSqliteCode(error, 'SQLITE_CANTOPEN') ||
    hasSqliteCode(error, 'SQLITE_READONLY') ||
    hasSqliteCode(error, 'SQLITE_PERM')
  ) {
    message = `DATA_DIR ${dir}: cannot open ${file} for writing (${reason})`;
  } else {
    message = `DATA_DIR ${dir}: cannot open ${file} (${reason})`;
  }
  return new EventStoreUnavailableError(message, { cause: error });
}
