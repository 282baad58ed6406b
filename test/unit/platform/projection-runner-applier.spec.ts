import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pino from 'pino';
import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { NewEvent, RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { formatPosition } from '../../../src/platform/event-store/position';
import { SqliteEventStore } from '../../../src/platform/event-store/sqlite';
import { BatchApplier } from '../../../src/platform/read-model/batch-applier';
import { Projection } from '../../../src/platform/read-model/projection';
import { ProjectionRunner } from '../../../src/platform/read-model/projection-runner';
import { configureReadModel } from '../../../src/platform/read-model/read-model-database';
import { ReadSnapshot } from '../../../src/platform/read-model/read-snapshot';
import { StoreAndReadModel, openStoreAndReadModel } from '../../support/store-and-read-model';
import { until } from '../../support/until';

const logger = pino({ level: 'silent' });

/** The runner's own instance: with an applier it must never apply, only see what committed. */
class CommittedOnly implements Projection {
  readonly name = 'committed-only';
  readonly version = 1;
  readonly committedStreams: string[][] = [];
  setup(): void {}
  reset(): void {}
  apply(): void {
    throw new Error('applied on the runner connection');
  }
  committed(events: readonly RecordedEvent[]): void {
    this.committedStreams.push(events.map((event) => event.streamId));
  }
}

interface Handed {
  streams: string[];
  checkpoint: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Another thread's stand-in: each batch waits until the test settles it. */
class HeldApplier implements BatchApplier {
  readonly handed: Handed[] = [];
  apply(events: readonly RecordedEvent[], checkpoint: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.handed.push({ streams: events.map((event) => event.streamId), checkpoint, resolve, reject }),
    );
  }
  async close(): Promise<void> {}
}

const newEvent = (): NewEvent => ({
  id: randomUUID(),
  type: 'Counted',
  data: {},
  metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'test', timestamp: '' },
});

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

describe('ProjectionRunner with a BatchApplier (the live read model on its writer thread)', () => {
  let files: StoreAndReadModel;
  let store: SqliteEventStore;
  let db: Database.Database;
  let projection: CommittedOnly;
  let applier: HeldApplier;
  let live: ProjectionRunner;

  beforeEach(async () => {
    files = await openStoreAndReadModel('runner-applier-');
    ({ store, db } = files);
    projection = new CommittedOnly();
    applier = new HeldApplier();
    live = new ProjectionRunner('live', store, db, [projection], new EventSchemaRegistry(), logger, {
      applier,
      restartAfterTransientFailure: true,
    });
  });
  afterEach(async () => {
    for (const batch of applier.handed) batch.resolve();
    await live.stop();
    await files.close();
  });

  it('hands one batch at a time, in order; the checkpoint and the waiters move only once it is applied', async () => {
    const { position: first } = await store.append('a', [newEvent()], 'any');
    live.start();
    await until(() => applier.handed.length === 1);
    const waited = live.waitFor(first);
    let released = false;
    void waited.then(() => (released = true));

    // Arriving while the first batch is written: they wait and form the next one.
    await store.append('b', [newEvent()], 'any');
    const { position: third } = await store.append('c', [newEvent()], 'any');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(applier.handed).toHaveLength(1);
    expect(live.position).toBeNull();
    expect(released).toBe(false);

    applier.handed[0]!.resolve();
    await waited;
    expect(live.position).toEqual(first);
    await until(() => applier.handed.length === 2);
    expect(applier.handed.map((batch) => batch.streams)).toEqual([['a'], ['b', 'c']]);
    expect(applier.handed[1]!.checkpoint).toBe(formatPosition(third));
    applier.handed[1]!.resolve();
    await live.waitFor(third);
    expect(projection.committedStreams).toEqual([['a'], ['b', 'c']]);
  });

  describe("the readers' shared read transaction (ReadSnapshot)", () => {
    let snapshot: ReadSnapshot;
    const rows = () => {
      snapshot.enter();
      return (snapshot.db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    };

    beforeEach(() => {
      configureReadModel(db);
      db.exec('CREATE TABLE t (x)');
      snapshot = ReadSnapshot.of(db);
    });
    afterEach(() => snapshot.close());

    /** A snapshot opened in this turn, then the batch committed and its waiter released in the same turn. */
    const readAfterWaiting = async (runner: ProjectionRunner) => {
      const { position } = await store.append('a', [newEvent()], 'any');
      runner.start();
      await until(() => applier.handed.length === 1);
      expect(rows()).toBe(0);
      db.prepare('INSERT INTO t VALUES (1)').run();
      applier.handed[0]!.resolve();
      await runner.waitFor(position);
      return rows();
    };

    it('is renewed when the checkpoint moves, before the waiters run: a read after the wait sees the batch', async () => {
      live = new ProjectionRunner('live', store, db, [projection], new EventSchemaRegistry(), logger, {
        applier,
        checkpointMoved: () => snapshot.renew(),
      });
      expect(await readAfterWaiting(live)).toBe(1);
    });

    it('(without the hook, the same read in the same turn would miss it)', async () => {
      expect(await readAfterWaiting(live)).toBe(0);
    });
  });

  it('a batch refused for a transient cause is handed again after the restart; the waiters keep waiting', async () => {
    const { position } = await store.append('a', [newEvent(), newEvent()], 'any');
    live.start();
    await until(() => applier.handed.length === 1);
    const waited = live.waitFor(position, 10_000);
    applier.handed[0]!.reject(busy());
    await until(() => live.restarting);
    await until(() => applier.handed.length === 2, 5000);
    expect(applier.handed[1]!.streams).toEqual(['a', 'a']);
    applier.handed[1]!.resolve();
    await waited;
    expect(live.state).toBe('running');
    expect(projection.committedStreams).toEqual([['a', 'a']]);
  });

  it('restartNow() starts again at once instead of after the backoff', async () => {
    const { position } = await store.append('a', [newEvent()], 'any');
    live.start();
    await until(() => applier.handed.length === 1);
    applier.handed[0]!.reject(busy());
    await until(() => live.restarting);
    live.restartNow();
    // The first backoff is 500 ms: handed again well before it.
    await until(() => applier.handed.length === 2, 200);
    applier.handed[1]!.resolve();
    await live.waitFor(position);
    expect(live.restarting).toBe(false);
  });

  it('a batch refused for the events themselves stops the runner and fails its waiters', async () => {
    const { position } = await store.append('a', [newEvent()], 'any');
    live.start();
    await until(() => applier.handed.length === 1);
    const waited = live.waitFor(position);
    applier.handed[0]!.reject(new Error('no such column'));
    await expect(waited).rejects.toThrow('no such column');
    expect(live.state).toBe('failed');
  });

  it('stop() returns once the batch in flight is applied', async () => {
    const { position } = await store.append('a', [newEvent()], 'any');
    live.start();
    await until(() => applier.handed.length === 1);
    let stopped = false;
    const stopping = live.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);
    applier.handed[0]!.resolve();
    await stopping;
    expect(live.position).toEqual(position);
  });
});
