import * as path from 'node:path';
import Database from 'better-sqlite3';

export const READ_MODEL_FILE = 'read-model.db';

/** The checkpoint row of the runner that feeds every registered projection. */
export const READ_MODEL_RUNNER = 'read-model';

/**
 * The read model's SQLite file. synchronous=NORMAL is enough: it is rebuilt from the event log,
 * and its checkpoint commits in the same transaction as its rows, so a lost tail is replayed.
 */
export function openReadModelDatabase(dataDir: string, fileName = READ_MODEL_FILE): Database.Database {
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // 32 MiB: the process must stay under 300 MB RSS serving 100k users; 64 MiB bought little, since
  // reads of 100k users are spread over the whole file either way (a miss is a pread from the OS cache).
  db.pragma('cache_size = -32768');
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
  // Checkpoints run in a worker (WalCheckpointer); this threshold is only the safety net.
  db.pragma('wal_autocheckpoint = 20000');
  return db;
}

export const READ_MODEL_DB = Symbol('ReadModelDb');
