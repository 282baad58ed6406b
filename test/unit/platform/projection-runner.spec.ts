import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pino from 'pino';
import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { NewEvent, RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../../src/platform/event-store/sqlite';
import { Projection } from '../../../src/platform/read-model/projection';
import {
  ProjectionRunner,
  ProjectionRunnerOptions,
} from '../../../src/platform/read-model/projection-runner';
import { StoreAndReadModel, openStoreAndReadModel } from '../../support/store-and-read-model';
import { until } from '../../support/until';

const logger = pino({ level: 'silent' });

/** Counts events per stream; records the batches it saw and can be told to fail on a type. */
class CountingProjection implements Projection {
  readonly name = 'counting';
  readonly version = 1;
  readonly batches: { events: number; inTransaction: boolean }[] = [];
  private inBatch = 0;
  constructor(private readonly failOn?: string) {}
  setup(db: Database.Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS counted (stream TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  }
  reset(db: Database.Database): void {
    db.exec('DELETE FROM counted');
  }
  apply(db: Database.Database, event: RecordedEvent): void {
    if (event.type === this.failOn) throw new Error(`cannot apply ${event.type}`);
    this.inBatch++;
    db.prepare(
      'INSERT INTO counted (stream, n) VALUES (?, 1) ON CONFLICT (stream) DO UPDATE SET n = n + 1',
    ).run(event.streamId);
  }
  endBatch(db: Database.Database): void {
    this.batches.push({ events: this.inBatch, inTransaction: db.inTransaction });
    this.inBatch = 0;
  }
}

const DEFERRED_INDEX = 'CREATE INDEX IF NOT EXISTS counted_by_n ON counted (n)';

/** Records the bulk-load calls it receives and whether batches ran inside one. */
class BulkProjection extends CountingProjection {
  readonly calls: string[] = [];
  private bulk = false;
  beginBulkLoad(db: Database.Database): void {
    this.bulk = true;
    this.calls.push(`begin:${db.inTransaction}`);
  }
  bulkLoadDeferredSql(): readonly string[] {
    return [DEFERRED_INDEX];
  }
  endBulkLoad(db: Database.Database): void {
    this.bulk = false;
    this.calls.push(`end:${db.inTransaction}`);
  }
  override endBatch(db: Database.Database): void {
    super.endBatch(db);
    this.calls.push(this.bulk ? 'bulk-batch' : 'batch');
  }
}

const newEvent = (type = 'Counted'): NewEvent => ({
  id: randomUUID(),
  type,
  data: {},
  metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'test', timestamp: '' },
});

describe('ProjectionRunner', () => {
  let files: StoreAndReadModel;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(async () => {
    files = await openStoreAndReadModel('runner-');
    ({ store, db } = files);
  });
  afterEach(() => files.close());

  const hasDeferredIndex = () =>
    db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'counted_by_n'`).get() !== undefined;
  const counted = (stream: string) =>
    (db.prepare('SELECT n FROM counted WHERE stream = ?').pluck().get(stream) as number | undefined) ?? 0;
  const runner = (projection: Projection, options: ProjectionRunnerOptions = {}) =>
    new ProjectionRunner('test', store, db, [projection], new EventSchemaRegistry(), logger, options);

  it('replays up to `until` only, then stops by itself', async () => {
    await store.append('a', [newEvent(), newEvent(), newEvent()], 'any');
    const { position: middle } = await store.append('b', [newEvent()], 'any');
    await store.append('c', [newEvent()], 'any');
    const replay = runner(new CountingProjection(), { until: middle });
    replay.start();
    await until(() => replay.state === 'stopped');
    expect(replay.position).toEqual(middle);
    expect([counted('a'), counted('b'), counted('c')]).toEqual([3, 1, 0]);
  });

  it('resumes after stop() from the checkpoint stored in the database, applying each event once', async () => {
    await store.append('a', [newEvent(), newEvent()], 'any');
    const projection = new CountingProjection();
    const live = runner(projection);
    live.start();
    await until(() => counted('a') === 2);
    await live.stop();
    const { position } = await store.append('a', [newEvent()], 'any');
    const waited = live.waitFor(position);
    live.start();
    await waited;
    expect(counted('a')).toBe(3);
    expect(live.applied).toBe(3);
    await live.stop();
  });

  it('paused (a swap), holds waiters past their timeout until it resumes; stopped, lets them time out', async () => {
    const live = runner(new CountingProjection());
    live.start();
    await live.pause();
    const { position } = await store.append('a', [newEvent()], 'any');
    let settled = false;
    const held = live.waitFor(position, 50).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(settled).toBe(false);
    live.start();
    await held;
    expect(counted('a')).toBe(1);

    await live.stop();
    const { position: next } = await store.append('a', [newEvent()], 'any');
    await expect(live.waitFor(next, 20)).rejects.toThrow('did not reach position');
  });

  it('calls endBatch once per batch, inside its transaction', async () => {
    await store.append('a', [newEvent(), newEvent(), newEvent()], 'any');
    const projection = new CountingProjection();
    const live = runner(projection);
    live.start();
    await until(() => live.applied === 3);
    await live.stop();
    expect(projection.batches.reduce((sum, batch) => sum + batch.events, 0)).toBe(3);
    expect(projection.batches.every((batch) => batch.events > 0 && batch.inTransaction)).toBe(true);
  });

  it('loads in bulk from position 0 until endBulkLoad(), then applies batches normally', async () => {
    const { position } = await store.append('a', [newEvent(), newEvent()], 'any');
    const projection = new BulkProjection();
    const replay = runner(projection, { bulkLoad: true });
    replay.start();
    expect(replay.inBulkLoad).toBe(true);
    await replay.waitFor(position);
    await replay.endBulkLoad();
    await replay.endBulkLoad();
    expect(replay.inBulkLoad).toBe(false);
    expect(hasDeferredIndex()).toBe(true);
    const { position: later } = await store.append('a', [newEvent()], 'any');
    await replay.waitFor(later);
    await replay.stop();
    expect(counted('a')).toBe(3);
    expect(projection.calls[0]).toBe('begin:true');
    expect(projection.calls.filter((call) => call.startsWith('end'))).toEqual(['end:true']);
    const end = projection.calls.indexOf('end:true');
    expect(projection.calls.slice(1, end).every((call) => call === 'bulk-batch')).toBe(true);
    expect(projection.calls.slice(end + 1)).toEqual(['batch']);
  });

  it('ends a bulk load elsewhere: hands the deferred statements over and writes nothing until they are done', async () => {
    const { position } = await store.append('a', [newEvent(), newEvent()], 'any');
    const projection = new BulkProjection();
    const replay = runner(projection, { bulkLoad: true });
    replay.start();
    await replay.waitFor(position);
    const handed: string[][] = [];
    let done = () => {};
    const ended = replay.endBulkLoadElsewhere((statements) => {
      handed.push([...statements]);
      return new Promise<void>((resolve) => (done = resolve));
    });
    expect(replay.inBulkLoad).toBe(false);
    const { position: later } = await store.append('a', [newEvent()], 'any');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counted('a')).toBe(2);
    expect(projection.calls.filter((call) => call.startsWith('end'))).toEqual([]);
    // What a worker thread's connection does meanwhile:
    for (const sql of handed[0]!) db.exec(sql);
    done();
    await ended;
    await replay.waitFor(later);
    expect(handed).toEqual([[DEFERRED_INDEX]]);
    expect(counted('a')).toBe(3);
    expect(projection.calls.filter((call) => call.startsWith('end'))).toEqual(['end:true']);
    expect(projection.calls.at(-1)).toBe('batch');
    await replay.stop();
  });

  it('settles what the projections handed to other threads first, outside a transaction; nothing deferred: nothing run elsewhere', async () => {
    /** As the SCIM projections with the bulk index thread: it builds what would be deferred. */
    class SettlingProjection extends BulkProjection {
      settleBulkLoad(): Promise<void> {
        this.calls.push(`settle:${db.inTransaction}`);
        return new Promise((resolve) => setTimeout(resolve, 10));
      }
      override bulkLoadDeferredSql(): readonly string[] {
        return [];
      }
    }
    const { position } = await store.append('a', [newEvent()], 'any');
    const projection = new SettlingProjection();
    const replay = runner(projection, { bulkLoad: true });
    replay.start();
    await replay.waitFor(position);
    const runElsewhere = jest.fn(() => Promise.resolve());
    await replay.endBulkLoadElsewhere(runElsewhere);
    expect(runElsewhere).not.toHaveBeenCalled();
    expect(projection.calls.filter((call) => !call.includes('batch'))).toEqual([
      'begin:true',
      'settle:false',
      'end:true',
    ]);
    await replay.stop();
  });

  it('fails when the deferred statements fail elsewhere', async () => {
    const { position } = await store.append('a', [newEvent()], 'any');
    const replay = runner(new BulkProjection(), { bulkLoad: true });
    replay.start();
    await replay.waitFor(position);
    await expect(replay.endBulkLoadElsewhere(() => Promise.reject(new Error('disk full')))).rejects.toThrow(
      'disk full',
    );
    expect(replay.state).toBe('failed');
    await replay.stop();
  });

  it('lets the event loop turn every yieldEveryMs within a batch, and only between batches without it', async () => {
    /** Takes 2 ms per event, as a heavy projection would. */
    class SlowProjection extends BulkProjection {
      override apply(database: Database.Database, event: RecordedEvent): void {
        const until = performance.now() + 2;
        while (performance.now() < until);
        super.apply(database, event);
      }
    }
    const { position } = await store.append(
      'a',
      Array.from({ length: 30 }, () => newEvent()),
      'any',
    );
    const turnsWhileReplaying = async (options: { yieldEveryMs?: number }) => {
      const replay = new ProjectionRunner(
        'slow',
        store,
        db,
        [new SlowProjection()],
        new EventSchemaRegistry(),
        logger,
        {
          bulkLoad: true,
          ...options,
        },
      );
      let turns = 0;
      let counting = true;
      const tick = () => {
        if (!counting) return;
        turns++;
        setImmediate(tick);
      };
      setImmediate(tick);
      replay.start();
      await replay.waitFor(position);
      counting = false;
      await replay.stop();
      db.exec("DELETE FROM projection_checkpoint WHERE name = 'slow'; DELETE FROM counted");
      return turns;
    };
    expect(await turnsWhileReplaying({ yieldEveryMs: 5 })).toBeGreaterThanOrEqual(5);
    expect(await turnsWhileReplaying({})).toBeLessThanOrEqual(3);
  });

  it('ends a bulk load on stop(), and never starts one when resuming from a checkpoint', async () => {
    await store.append('a', [newEvent()], 'any');
    const projection = new BulkProjection();
    const replay = runner(projection, { bulkLoad: true });
    replay.start();
    await until(() => replay.applied === 1);
    await replay.stop();
    expect(replay.inBulkLoad).toBe(false);
    expect(projection.calls.filter((call) => call.startsWith('end'))).toHaveLength(1);
    replay.start();
    expect(replay.inBulkLoad).toBe(false);
    await replay.stop();
    expect(projection.calls.filter((call) => call.startsWith('begin'))).toHaveLength(1);
  });

  it('in a bulk load, a projection error rolls the open batch back', async () => {
    await store.append('a', [newEvent(), newEvent()], 'any');
    const { position } = await store.append('b', [newEvent('Poison')], 'any');
    const failing = runner(new CountingProjection('Poison'), { bulkLoad: true });
    const waited = failing.waitFor(position);
    failing.start();
    await expect(waited).rejects.toThrow('cannot apply Poison');
    expect(failing.state).toBe('failed');
    expect(failing.position).toBeNull();
    expect(db.inTransaction).toBe(false);
    expect(counted('a')).toBe(0);
    await failing.stop();
  });

  it('fails on a projection error: waiters are rejected and nothing after it is applied', async () => {
    await store.append('a', [newEvent()], 'any');
    const { position } = await store.append('b', [newEvent('Poison')], 'any');
    await store.append('c', [newEvent()], 'any');
    const failing = runner(new CountingProjection('Poison'));
    const waited = failing.waitFor(position);
    failing.start();
    await expect(waited).rejects.toThrow('cannot apply Poison');
    expect(failing.state).toBe('failed');
    expect(counted('c')).toBe(0);
    await failing.stop();
  });

  describe('a failure outside the events (disk full, I/O): the live runner starts again', () => {
    /** Fails its first `times` batches as SQLite does on a full disk, then applies normally. */
    class FullDiskProjection extends CountingProjection {
      constructor(
        private times: number,
        private readonly code = 'SQLITE_FULL',
      ) {
        super();
      }
      override endBatch(db: Database.Database): void {
        if (this.times > 0) {
          this.times -= 1;
          throw Object.assign(new Error('database or disk is full'), { code: this.code });
        }
        super.endBatch(db);
      }
    }

    it('keeps the waiters, rolls the batch back and applies it once after the restart', async () => {
      await store.append('a', [newEvent(), newEvent()], 'any');
      const { position } = await store.append('b', [newEvent()], 'any');
      const live = runner(new FullDiskProjection(2), { restartAfterTransientFailure: true });
      const waited = live.waitFor(position, 20_000);
      live.start();
      await until(() => live.state === 'failed');
      // A write arriving meanwhile waits too, instead of failing at once.
      const during = live.waitFor(position, 20_000);
      await expect(Promise.all([waited, during])).resolves.toBeDefined();
      expect(live.state).toBe('running');
      expect([counted('a'), counted('b')]).toEqual([2, 1]);
      const { position: later } = await store.append('c', [newEvent()], 'any');
      await live.waitFor(later);
      expect(counted('c')).toBe(1);
      await live.stop();
    }, 15_000);

    it('an error of the events themselves is still final, restart or not', async () => {
      const { position } = await store.append('b', [newEvent('Poison')], 'any');
      const live = runner(new CountingProjection('Poison'), { restartAfterTransientFailure: true });
      const waited = live.waitFor(position);
      live.start();
      await expect(waited).rejects.toThrow('cannot apply Poison');
      expect(live.state).toBe('failed');
      await live.stop();
    });

    it('without the option (a replay), a full disk is final', async () => {
      const { position } = await store.append('a', [newEvent()], 'any');
      const replay = runner(new FullDiskProjection(1));
      const waited = replay.waitFor(position);
      replay.start();
      await expect(waited).rejects.toThrow('disk is full');
      await replay.stop();
    });

    it('stopped while waiting to start again: the waiters get the failure', async () => {
      const { position } = await store.append('a', [newEvent()], 'any');
      const live = runner(new FullDiskProjection(5, 'SQLITE_IOERR_WRITE'), {
        restartAfterTransientFailure: true,
      });
      const waited = live.waitFor(position, 20_000);
      live.start();
      await until(() => live.state === 'failed');
      await live.stop();
      await expect(waited).rejects.toThrow('disk is full');
    });
  });
});
