import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from 'better-sqlite3';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { Projection } from '../../src/platform/read-model/projection';
import { openReadModelDatabase } from '../../src/platform/read-model/read-model-database';
import { ReadModel } from '../../src/platform/read-model/read-model.service';
import { newEvent } from '../contract/event-store.contract';
import { standaloneReadModel } from '../support/standalone-read-model';

// About 0.2 s of swap on the reference machine: the checks below run in its first 10 ms.
const ROWS = 600_000;

/** A projection whose table is big enough for its swap to take a while. */
class BulkyProjection implements Projection {
  readonly name = 'bulky';
  readonly version = 1;
  setup(db: Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS bulky (id INTEGER PRIMARY KEY, value TEXT NOT NULL)');
    if (db.prepare('SELECT count(*) FROM bulky').pluck().get() === 0)
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
         INSERT INTO bulky SELECT i, 'row ' || i FROM n`,
      ).run();
  }
  reset(): void {}
  apply(): void {}
}

describe("ReadModel: a rebuild holds the live file's writers during its swap", () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database;
  let readModel: ReadModel;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rebuild-hold-'));
    store = await SqliteEventStore.open(dir);
    db = openReadModelDatabase(dir);
    readModel = standaloneReadModel(store, db, dir);
    readModel.register(() => new BulkyProjection());
    readModel.start();
    await readModel.waitForHead();
  });
  afterEach(async () => {
    await readModel.stop();
    await store.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('process managers wait for the swap to end, and a write waiting for its read model does not time out', async () => {
    const rebuild = readModel.rebuild();
    while (rebuild.view().status === 'replaying') await new Promise((resolve) => setImmediate(resolve));
    expect(rebuild.view().status).toBe('swapping');

    // A write acknowledged by the store meanwhile: its read-your-writes wait outlasts its timeout.
    const { position } = await store.append('s-1', [newEvent()], 'any');
    let applied = false;
    const waited = readModel.waitFor(position, 1).then(() => (applied = true));
    let writable = false;
    const held = readModel.whenWritable().then(() => (writable = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(rebuild.view().status).toBe('swapping');
    expect(writable).toBe(false);
    expect(applied).toBe(false);

    await Promise.all([held, waited]);
    expect(rebuild.view()).toMatchObject({ status: 'completed', error: null });
    expect(rebuild.view().swap).toMatchObject({ rows: ROWS });
    expect(applied && writable).toBe(true);
    expect(readModel.position).toEqual(position);
    await expect(readModel.whenWritable()).resolves.toBeUndefined();
  });
});
