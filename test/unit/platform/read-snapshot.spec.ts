import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { configureReadModel } from '../../../src/platform/read-model/read-model-database';
import { ReadSnapshot } from '../../../src/platform/read-model/read-snapshot';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ReadSnapshot: the hot readers share one read transaction per turn of the event loop', () => {
  let dir: string;
  let main: Database.Database;
  let snapshot: ReadSnapshot;

  const count = () => {
    snapshot.enter();
    return (snapshot.db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
  };
  // Another connection's commit, as the read model's writer thread makes them.
  const commitRow = () => main.prepare('INSERT INTO t VALUES (1)').run();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-snapshot-'));
    main = new Database(path.join(dir, 'read-model.db'));
    configureReadModel(main);
    main.exec('CREATE TABLE t (x)');
    snapshot = ReadSnapshot.of(main);
  });
  afterEach(() => {
    snapshot.close();
    main.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads of one turn see the commits made before its first read', () => {
    commitRow();
    expect(count()).toBe(1);
    commitRow();
    expect(count()).toBe(1);
  });

  it('renew() lets the next read of the same turn see every commit made until then', () => {
    expect(count()).toBe(0);
    commitRow();
    snapshot.renew();
    expect(count()).toBe(1);
  });

  it('the transaction ends with the turn: the next turn sees the commits', async () => {
    expect(count()).toBe(0);
    commitRow();
    await nextTurn();
    expect(snapshot.db.inTransaction).toBe(false);
    expect(count()).toBe(1);
  });

  it('holds back no checkpoint past its turn', async () => {
    expect(count()).toBe(0);
    commitRow();
    await nextTurn();
    const [result] = main.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    expect(result!.busy).toBe(0);
  });

  it('is a connection of its own that cannot write', () => {
    expect(snapshot.db).not.toBe(main);
    expect(() => snapshot.db.prepare('INSERT INTO t VALUES (2)').run()).toThrow(/readonly/);
    snapshot.renew();
    expect(count()).toBe(0);
  });

  it('close() ends its transaction and closes its connection only', () => {
    expect(count()).toBe(0);
    snapshot.close();
    expect(snapshot.db.open).toBe(false);
    expect(main.open).toBe(true);
    commitRow();
    snapshot = ReadSnapshot.of(main);
    expect(count()).toBe(1);
  });
});

describe('ReadSnapshot without WAL', () => {
  it('reads a file in rollback mode on the main connection, outside any transaction', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-snapshot-'));
    const main = new Database(path.join(dir, 'read-model.db'));
    const snapshot = ReadSnapshot.of(main);
    expect(snapshot.db).toBe(main);
    snapshot.enter();
    expect(main.inTransaction).toBe(false);
    snapshot.close();
    main.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the main connection outside any transaction', () => {
    const main = new Database(':memory:');
    main.exec('CREATE TABLE t (x)');
    const snapshot = ReadSnapshot.of(main);
    expect(snapshot.db).toBe(main);
    snapshot.enter();
    expect(main.inTransaction).toBe(false);
    main.prepare('INSERT INTO t VALUES (1)').run();
    snapshot.enter();
    expect(main.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
    snapshot.close();
    expect(main.open).toBe(true);
    main.close();
  });
});
