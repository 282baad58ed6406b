import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SetAsideReport, openOrSetAside } from '../sqlite/open-or-set-aside';

export const READ_MODEL_FILE = 'read-model.db';

/** The checkpoint row of the runner that feeds every registered projection. */
export const READ_MODEL_RUNNER = 'read-model';

/**
 * The read model's SQLite file. synchronous=NORMAL is enough: it is rebuilt from the event log,
 * and its checkpoint commits in the same transaction as its rows, so a lost tail is replayed.
 * A file that is not a database (or is corrupt) is set aside and replaced by an empty one, which
 * the runner then replays from position 0, like a deleted read model.
 */
export function openReadModelDatabase(
  dataDir: string,
  fileName = READ_MODEL_FILE,
  onSetAside: SetAsideReport = () => {},
): Database.Database {
  return openOrSetAside(path.join(dataDir, fileName), (db) => configureReadModel(db), onSetAside);
}

/** The read model's pragmas, for every connection to its file (`cacheKiB`: 16 MiB by default). */
export function configureReadModel(db: Database.Database, { cacheKiB = 16384 } = {}): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  configureReadModelReads(db, { cacheKiB });
  // Checkpoints run in a worker (WalCheckpointer); this threshold is only the safety net.
  db.pragma('wal_autocheckpoint = 20000');
}

/** The pragmas of reading, which a read-only connection (ReadSnapshot) can set too. */
export function configureReadModelReads(db: Database.Database, { cacheKiB = 16384 } = {}): void {
  // 16 MiB: the process must stay under 300 MB RSS serving 100k users; 32 MiB bought no measurable
  // GET or filter CPU at 170,000 users and 64 MiB little, since reads of 100k users are spread over
  // the whole file either way (a miss is a pread from the OS cache, which RSS does not count).
  db.pragma(`cache_size = -${cacheKiB}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('busy_timeout = 5000');
}

export const READ_MODEL_DB = Symbol('ReadModelDb');
