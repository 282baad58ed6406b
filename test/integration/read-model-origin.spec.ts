import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from 'better-sqlite3';
import pino from 'pino';
import { formatPosition } from '../../src/platform/event-store/position';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { PROCESS_CHECKPOINT_TABLE } from '../../src/platform/read-model/process-manager-runner';
import { CHECKPOINT_TABLE } from '../../src/platform/read-model/projection-runner';
import { openReadModelDatabase } from '../../src/platform/read-model/read-model-database';
import { ReadModelOriginError, checkReadModelOrigin } from '../../src/platform/read-model/read-model-origin';
import { newEvent } from '../contract/event-store.contract';

const silent = pino({ level: 'silent' });

describe('checkReadModelOrigin: a read model starts only on the event store it was built from', () => {
  let dir: string;
  let db: Database;
  const stores: SqliteEventStore[] = [];

  /** A store in its own folder holding `events` events (one stream each). */
  const storeWith = async (events: number) => {
    const store = await SqliteEventStore.open({ dataDir: fs.mkdtempSync(path.join(dir, 'store-')) });
    stores.push(store);
    for (let i = 0; i < events; i++) await store.append(`s-${i}`, [newEvent()], 'no_stream');
    return store;
  };
  const checkpointAt = (table: string, name: string, store: SqliteEventStore) =>
    store.headPosition().then((head) => {
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (name TEXT PRIMARY KEY, version TEXT NOT NULL, position TEXT)`,
      );
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${PROCESS_CHECKPOINT_TABLE} (name TEXT PRIMARY KEY, position TEXT NOT NULL)`,
      );
      const columns =
        table === CHECKPOINT_TABLE
          ? '(name, version, position) VALUES (?, 1, ?)'
          : '(name, position) VALUES (?, ?)';
      db.prepare(`INSERT OR REPLACE INTO ${table} ${columns}`).run(name, formatPosition(head!));
    });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'origin-'));
    db = openReadModelDatabase(dir);
  });
  afterEach(async () => {
    db.close();
    for (const store of stores.splice(0)) await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the first event of the store once, then starts again on the same store as it grows', async () => {
    const store = await storeWith(3);
    await checkReadModelOrigin(store, db, silent);
    await checkpointAt(CHECKPOINT_TABLE, 'read-model', store);
    await store.append('later', [newEvent()], 'no_stream');
    await expect(checkReadModelOrigin(store, db, silent)).resolves.toBeUndefined();
  });

  it('an empty store and a new read model: nothing to check, nothing recorded', async () => {
    const store = await storeWith(0);
    await checkReadModelOrigin(store, db, silent);
    await store.append('first', [newEvent()], 'no_stream');
    await expect(checkReadModelOrigin(store, db, silent)).resolves.toBeUndefined();
  });

  it('refuses another store, even one that has grown past the checkpoints', async () => {
    const built = await storeWith(2);
    await checkReadModelOrigin(built, db, silent);
    await checkpointAt(CHECKPOINT_TABLE, 'read-model', built);
    const other = await storeWith(5);
    const attempt = checkReadModelOrigin(other, db, silent);
    await expect(attempt).rejects.toThrow(ReadModelOriginError);
    await expect(checkReadModelOrigin(other, db, silent)).rejects.toThrow(
      /built from another event store.*delete/,
    );
  });

  it('refuses an emptied store', async () => {
    const built = await storeWith(2);
    await checkReadModelOrigin(built, db, silent);
    await checkpointAt(CHECKPOINT_TABLE, 'read-model', built);
    await expect(checkReadModelOrigin(await storeWith(0), db, silent)).rejects.toThrow(/the store is empty/);
  });

  it("refuses a store behind a checkpoint (an older backup), the process managers' too", async () => {
    const store = await storeWith(2);
    await checkReadModelOrigin(store, db, silent);
    await checkpointAt(PROCESS_CHECKPOINT_TABLE, 'transfer-saga', store);
    await expect(checkReadModelOrigin(store, db, silent)).resolves.toBeUndefined();
    // The saga got further than the store now reaches: the store lost its last events.
    db.prepare(`UPDATE ${PROCESS_CHECKPOINT_TABLE} SET position = ?`).run('999999');
    await expect(checkReadModelOrigin(store, db, silent)).rejects.toThrow(
      /ahead of the event store \(transfer-saga at 999999/,
    );
  });

  it('a read model from before the origin was recorded (an upgrade): only the head is checked', async () => {
    const store = await storeWith(2);
    await checkpointAt(CHECKPOINT_TABLE, 'read-model', store);
    await expect(checkReadModelOrigin(store, db, silent)).resolves.toBeUndefined();
    await expect(checkReadModelOrigin(await storeWith(1), db, silent)).rejects.toThrow(ReadModelOriginError);
  });
});
