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

/** 0.05 ms per event: a replay of 6,000 events (three batches) takes long enough to be seen. */
class SlowProjection implements Projection {
  readonly name = 'slow';
  constructor(readonly version = 1) {}
  setup(db: Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS slow (n INTEGER)');
  }
  reset(db: Database): void {
    db.exec('DELETE FROM slow');
  }
  apply(): void {
    const until = performance.now() + 0.05;
    while (performance.now() < until);
  }
}

describe('ReadModel.replayingFromStart', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database;
  const readModels: ReadModel[] = [];

  const start = (version = 1) => {
    const readModel = standaloneReadModel(store, db, dir);
    readModel.register(() => new SlowProjection(version));
    readModel.start();
    readModels.push(readModel);
    return readModel;
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'initial-replay-'));
    store = await SqliteEventStore.open(dir);
    db = openReadModelDatabase(dir);
  });
  afterEach(async () => {
    for (const readModel of readModels.splice(0)) await readModel.stop();
    await store.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is true from start until the replay from 0 reaches the head of that moment', async () => {
    await store.append(
      's',
      Array.from({ length: 6000 }, () => newEvent()),
      'any',
    );
    const readModel = start();
    expect(readModel.replayingFromStart).toBe(true);
    await settle();
    expect(readModel.replayingFromStart).toBe(true);
    await readModel.waitForHead();
    expect(readModel.replayingFromStart).toBe(false);
  });

  it('is false on a restart from a stored checkpoint, and true again when a projection version changed', async () => {
    await store.append(
      's',
      Array.from({ length: 6000 }, () => newEvent()),
      'any',
    );
    const first = start();
    await first.waitForHead();
    await first.stop();

    const restarted = start();
    expect(restarted.replayingFromStart).toBe(false);
    await restarted.stop();

    const upgraded = start(2);
    expect(upgraded.replayingFromStart).toBe(true);
    await upgraded.waitForHead();
    expect(upgraded.replayingFromStart).toBe(false);
  });

  it('is false once the head is known on an empty log', async () => {
    const readModel = start();
    await settle();
    expect(readModel.replayingFromStart).toBe(false);
  });
});
