import { expect } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openOrSetAside } from '../../src/platform/sqlite/open-or-set-aside';

describe('openOrSetAside', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'set-aside-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const configure = (db: import('better-sqlite3').Database) => {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS t (x INTEGER)');
  };

  it('opens a good file as it is, telling nobody', () => {
    const file = path.join(dir, 'good.db');
    const first = openOrSetAside(file, configure, () => {
      throw new Error('not expected');
    });
    first.prepare('INSERT INTO t VALUES (1)').run();
    first.close();
    const again = openOrSetAside(file, configure, () => {
      throw new Error('not expected');
    });
    expect(again.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    again.close();
    expect(fs.readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('renames a file that is not a database (with its -wal), reports it, and opens a fresh one', () => {
    const file = path.join(dir, 'bad.db');
    const garbage = Buffer.alloc(4096, 9);
    fs.writeFileSync(file, garbage);
    fs.writeFileSync(`${file}-wal`, 'left over');
    const reports: { file: string; movedTo: string; reason: string }[] = [];
    const db = openOrSetAside(file, configure, (report) => reports.push(report));
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    db.close();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ file, reason: expect.stringMatching(/not a database/) });
    expect(fs.readFileSync(reports[0]!.movedTo)).toEqual(garbage);
    expect(fs.readFileSync(`${reports[0]!.movedTo}-wal`, 'utf8')).toBe('left over');
  });

  it('sets aside a file that starts like a database but is damaged after its header', () => {
    const file = path.join(dir, 'damaged.db');
    const damaged = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(8192, 3)]);
    fs.writeFileSync(file, damaged);
    const reports: { movedTo: string; reason: string }[] = [];
    const db = openOrSetAside(file, configure, (report) => reports.push(report));
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    db.close();
    expect(reports).toHaveLength(1);
    expect(fs.readFileSync(reports[0]!.movedTo)).toEqual(damaged);
  });

  it('throws any other failure and renames nothing', () => {
    const file = path.join(dir, 'no-such-folder', 'x.db');
    expect(() => openOrSetAside(file, configure, () => undefined)).toThrow();
    const unwritable = path.join(dir, 'configure-fails.db');
    expect(() =>
      openOrSetAside(
        unwritable,
        () => {
          throw new Error('a bug in configure');
        },
        () => undefined,
      ),
    ).toThrow('a bug in configure');
    expect(fs.readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });
});
