import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { WalCheckpointer } from '../../src/platform/sqlite/wal-checkpointer';
import { until } from '../support/until';

/** A WAL database whose commits never checkpoint: only a WalCheckpointer moves its pages. */
function walDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (v TEXT)');
  return db;
}

function writeMegabyte(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 256; i++) insert.run('x'.repeat(4000));
  })();
}

const fileSize = (file: string) => fs.statSync(file).size;

describe('WalCheckpointer', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpointer-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('copies the WAL of several databases into their files, each until it is stopped', async () => {
    const files = ['a.db', 'b.db'].map((name) => path.join(dir, name));
    const dbs = files.map(walDatabase);
    dbs.forEach(writeMegabyte);
    // Committed, but still in the WAL only.
    for (const file of files) expect(fileSize(file)).toBeLessThan(100_000);
    const checkpointers = files.map((file) => new WalCheckpointer(file, undefined, 20));
    checkpointers.forEach((c) => c.start());
    await until(() => files.every((file) => fileSize(file) > 1_000_000));

    await checkpointers[0].stop();
    writeMegabyte(dbs[0]);
    writeMegabyte(dbs[1]);
    await until(() => fileSize(files[1]) > 2_000_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The stopped one is left to its own commits (none here: autocheckpoint is off).
    expect(fileSize(files[0])).toBeLessThan(2_000_000);

    await checkpointers[1].stop();
    dbs.forEach((db) => db.close());
  });

  it('starts a new thread after the last one stopped, and ends with a last checkpoint', async () => {
    const file = path.join(dir, 'c.db');
    const db = walDatabase(file);
    for (let round = 0; round < 2; round++) {
      const checkpointer = new WalCheckpointer(file, undefined, 60_000);
      checkpointer.start();
      writeMegabyte(db);
      // The timer is far off: stop() itself checkpoints.
      await checkpointer.stop();
      expect(fileSize(file)).toBeGreaterThan((round + 1) * 1_000_000);
    }
    db.close();
  });
});
