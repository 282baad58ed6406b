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
  // Checked before SQLite opens it: a failed open may delete the -wal, which is kept this way.
  if (!hasSqliteHeader(file)) {
    setAside(file, 'file is not a database', report);
    return open(file, configure);
  }
  try {
    return open(file, configure);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !CORRUPT_CODES.has(code)) throw error;
    setAside(file, (error as Error).message, report);
    return open(file, configure);
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True for a missing or empty file too (SQLite creates it): only bytes that are not a database fail. */
function hasSqliteHeader(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return true;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === 0 || head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

function setAside(file: string, reason: string, report: SetAsideReport): void {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(`${file}${suffix}`)) fs.renameSync(`${file}${suffix}`, `${movedTo}${suffix}`);
  report({ file, movedTo, reason });
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
