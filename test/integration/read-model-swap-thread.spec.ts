import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { swapInRebuiltTables } from '../../src/platform/read-model/rebuild/read-model-swap';
import { swapInRebuiltTablesOffThread } from '../../src/platform/read-model/rebuild/swap-thread';

const ROWS = 200_000;

function createReadModel(
  file: string,
  rows: number,
  value: string,
  position: string | null,
): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE projection_checkpoint (name TEXT PRIMARY KEY, version TEXT NOT NULL, position TEXT);
           CREATE TABLE thing (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
           CREATE INDEX thing_value ON thing (value, id);`);
  const insert = db.prepare('INSERT INTO thing (id, value) VALUES (?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= rows; id++) insert.run(id, `${value}-${id % 97}`);
  })();
  if (position !== null)
    db.prepare("INSERT INTO projection_checkpoint VALUES ('read-model', 'v1', ?)").run(position);
  return db;
}

describe('swapInRebuiltTablesOffThread', () => {
  let dir: string;
  let live: Database.Database;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swap-'));
    live = createReadModel(path.join(dir, 'live.db'), 10, 'old', '5');
    live.exec(
      "CREATE TABLE process_checkpoint (name TEXT PRIMARY KEY, position TEXT); INSERT INTO process_checkpoint VALUES ('p', '3')",
    );
  });
  afterEach(() => {
    live.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // One read transaction, as a request reading several statements would need to see one state.
  const snapshot = () => live.transaction(read)();
  const read = () => {
    const rows = live.prepare('SELECT count(*) FROM thing').pluck().get() as number;
    const news = live.prepare("SELECT count(*) FROM thing WHERE value LIKE 'new-%'").pluck().get() as number;
    const position = live
      .prepare("SELECT position FROM projection_checkpoint WHERE name = 'read-model'")
      .pluck()
      .get() as string;
    return { rows, news, position };
  };

  it('copies on its own connection while the event loop reads the old tables, then the new ones, never a mix', async () => {
    const rebuilt = path.join(dir, 'rebuilt.db');
    createReadModel(rebuilt, ROWS, 'new', '9').close();

    let done = false;
    const swap = swapInRebuiltTablesOffThread(live.name, rebuilt, 'read-model').finally(() => (done = true));
    const seenDuring: Array<ReturnType<typeof read>> = [];
    while (!done) {
      seenDuring.push(snapshot());
      await new Promise((resolve) => setImmediate(resolve));
    }
    const figures = await swap;

    expect(figures).toMatchObject({ tables: 1, rows: ROWS });
    // The event loop answered reads all along, each from one read model or the other.
    expect(seenDuring.length).toBeGreaterThan(1);
    for (const seen of seenDuring)
      expect([
        { rows: 10, news: 0, position: '5' },
        { rows: ROWS, news: ROWS, position: '9' },
      ]).toContainEqual(seen);
    expect(seenDuring[0]).toEqual({ rows: 10, news: 0, position: '5' });
    expect(snapshot()).toEqual({ rows: ROWS, news: ROWS, position: '9' });
    // Tables that are not the rebuild's stay as they were.
    expect(live.prepare('SELECT position FROM process_checkpoint').pluck().get()).toBe('3');
  });

  it('copies by column name when the live table has its columns in another order', () => {
    const other = new Database(path.join(dir, 'other.db'));
    other.exec(`CREATE TABLE projection_checkpoint (name TEXT PRIMARY KEY, version TEXT NOT NULL, position TEXT);
                CREATE TABLE thing (value TEXT NOT NULL, id INTEGER PRIMARY KEY);
                INSERT INTO thing VALUES ('stale', 1);`);
    const rebuilt = path.join(dir, 'rebuilt.db');
    createReadModel(rebuilt, 3, 'new', '9').close();

    expect(swapInRebuiltTables(other, rebuilt, 'read-model')).toMatchObject({ tables: 1, rows: 3 });
    expect(other.prepare('SELECT id, value FROM thing ORDER BY id').all()).toEqual([
      { id: 1, value: 'new-1' },
      { id: 2, value: 'new-2' },
      { id: 3, value: 'new-3' },
    ]);
    other.close();
  });

  it('fails without the checkpoint and leaves the live tables as they were', async () => {
    const rebuilt = path.join(dir, 'rebuilt.db');
    createReadModel(rebuilt, 100, 'new', null).close();

    await expect(swapInRebuiltTablesOffThread(live.name, rebuilt, 'read-model')).rejects.toThrow(
      'the rebuilt read model has no checkpoint named read-model',
    );
    expect(snapshot()).toEqual({ rows: 10, news: 0, position: '5' });
  });
});
