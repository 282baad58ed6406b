import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { NewEvent, RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { Position } from '../../../src/platform/event-store/position';
import { SqliteEventStore } from '../../../src/platform/event-store/sqlite';
import { Projection } from '../../../src/platform/read-model/projection';
import { ProjectionRunner } from '../../../src/platform/read-model/projection-runner';

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

const newEvent = (type = 'Counted'): NewEvent => ({
  id: randomUUID(),
  type,
  data: {},
  metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'test', timestamp: '' },
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not reached');
}

describe('ProjectionRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'));
    store = await SqliteEventStore.open(dir);
    db = new Database(path.join(dir, 'read-model.db'));
  });
  afterEach(async () => {
    db.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const counted = (stream: string) =>
    (db.prepare('SELECT n FROM counted WHERE stream = ?').pluck().get(stream) as number | undefined) ?? 0;
  const runner = (projection: Projection, options: { until?: Position } = {}) =>
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
});
