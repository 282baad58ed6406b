import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';

/** The scratch read model a rebuild fills before it is swapped in (DATA_DIR/<name>). */
export const REBUILD_FILE = 'read-model.rebuild.db';

/**
 * A brand-new database file for a replay. No durability: a crash loses a scratch file that is
 * deleted and rebuilt anyway, so commits skip fsync and the rollback journal stays in memory.
 * 8 MB of page cache: the file outgrows any cache (~0.9 GB for 1M events) and the rebuild runs
 * inside the server, beside its own caches; since the bulk load (few random reads), 32, 16 and
 * 8 MB replay 1M events equally fast, and each halving saves its size of RSS. Temporary files on disk: the
 * sort that builds an index after a bulk load then spills there instead of taking ~70 MB more
 * of memory (temp_store=MEMORY). 16 KiB pages (the live file keeps SQLite's 4 KiB, which suit its
 * point reads): the batches' commits write a quarter as many pages (1.7 s of a 1M-event replay
 * in COMMIT with 4 KiB, 0.3 s with 16 KiB) and the replay ran 12% faster; 32 and 64 KiB were
 * slower again (docs/performance.md, session 13). The swap copies rows, not pages.
 */
export function openScratchDatabase(file: string): Database.Database {
  removeDatabaseFiles(file);
  const db = new Database(file);
  // Before anything is written: the page size is fixed when the file's first page is.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -8192');
  db.pragma('temp_store = FILE');
  return db;
}

/**
 * A file a bulk load keeps beside its scratch database (the bulk index thread's scim_attr);
 * removeDatabaseFiles removes it with the database, also when a crash left it behind.
 */
export function scratchSideFile(file: string, name: string): string {
  return `${file}.${name}`;
}

/** The scratch database, its journals and its side files. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
  const dir = path.dirname(file);
  const side = `${path.basename(file)}.`;
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  for (const entry of entries) if (entry.startsWith(side)) fs.rmSync(path.join(dir, entry), { force: true });
}
