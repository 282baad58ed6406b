import * as fs from 'node:fs';
import Database from 'better-sqlite3';

/** Told which file was set aside, and why. */
export type SetAsideReport = (setAside: { file: string; movedTo: string; reason: string }) => void;

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/**
 * Opens a SQLite file that the service can start again from empty (the read model, rebuilt from
 * the log; the provisioning log, an operational record). When the file is not a database or is
 * corrupt, it is not deleted: it is renamed `<file>.corrupt-<time>` (with its -wal and -shm) for a
 * closer look, `report` is told, and a fresh file is opened. Any other failure is thrown. Never
 * for the event store: the log is the truth, and a corrupt one must stop the start.
 */
export function openOrSetAside(
  file: string,
  configure: (db: Database.Database) => void,
  report: SetAsideReport,
): Database.Database {
  try {
    return open(file, configure);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !CORRUPT_CODES.has(code)) throw error;
    const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm'])
      if (fs.existsSync(`${file}${suffix}`)) fs.renameSync(`${file}${suffix}`, `${movedTo}${suffix}`);
    report({ file, movedTo, reason: (error as Error).message });
    return open(file, configure);
  }
}

function open(file: string, configure: (db: Database.Database) => void): Database.Database {
  const db = new Database(file);
  try {
    configure(db);
    // The first read of the schema is where a damaged file shows.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
