import type { Database, Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStore, EventSubscription, RecordedEvent } from '../event-store/event-store.port';
import { EventStoreUnavailableError } from '../event-store/event-store.errors';
import { Position, comparePositions, formatPosition, parsePosition } from '../event-store/position';
import { EventSchemaRegistry } from '../es/event-schema-registry';
import { BatchApplier } from './batch-applier';
import { Projection } from './projection';
import { PositionWaiters } from './position-waiters';
import { StreamedBatch } from './streamed-batch';
import { asError } from './as-error';

/** Events per transaction; each batch holds the event loop (about 0.05 s for 2,000). */
const MAX_BATCH = 2000;

export interface ProjectionRunnerOptions {
  /** Stop by itself once the event at this position is applied (replay up to a fixed point). */
  until?: Position;
  /**
   * The database is brand-new and unread until the replay catches up: when it starts from 0,
   * the projections load in bulk (Projection.beginBulkLoad) until endBulkLoad() or stop().
   */
  bulkLoad?: boolean;
  /**
   * Events per transaction during a bulk load (default MAX_BATCH). Bigger batches share more
   * B-tree pages between rows, but hold the event loop longer: 16,000 is about 0.12 s, fine for
   * the offline replay tool, not beside live SCIM requests (the admin rebuild keeps the default).
   */
  bulkBatchSize?: number;
  /**
   * Lets the event loop turn after this much work even within a batch (a rebuild inside the
   * server: a batch of 2,000 events held SCIM requests for 20 to 50 ms). Unset: only between batches.
   */
  yieldEveryMs?: number;
  /**
   * The live runner: after a failure that is not the events' fault (disk full, I/O error, a
   * locked file, the store unreachable), roll the batch back, keep the waiters, and start again
   * from the checkpoint after a backoff, until it goes through. Unset: any failure is final.
   */
  restartAfterTransientFailure?: boolean;
  /**
   * The live runner: batches are applied by this (the read model's writer thread) while the
   * event loop goes on; the runner's own projections only `setup`, `reset` and see `committed`.
   * One batch at a time, in order; what arrives meanwhile forms the next. Not with bulkLoad.
   */
  applier?: BatchApplier;
  /**
   * Called whenever the checkpoint moves (new rows committed), before the projections' committed
   * hooks and the waiters for it run: the live read model renews its readers' shared read
   * transaction (ReadSnapshot), so that whatever reacts to the move reads the new rows.
   */
  checkpointMoved?: () => void;
}

/** Backoff between restarts after a transient failure (the last one repeats). */
const RESTART_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export type RunnerState = 'running' | 'stopped' | 'failed';

/** The version a runner stores with its checkpoint: any change of a projection's version rebuilds. */
export function projectionsVersion(projections: readonly Projection[]): string {
  return projections.map((p) => `${p.name}@${p.version}`).join(',');
}

export const CHECKPOINT_TABLE = 'projection_checkpoint';

/**
 * Subscribes to $all from a stored checkpoint and applies each event to a group of projections,
 * checkpoint and rows in one SQLite transaction per batch. Callers can wait for a position
 * (read-your-writes). It can be stopped and started again: start() resumes from the checkpoint
 * stored in the database, which is how a rebuild's swap hands it a new one.
 */
export class ProjectionRunner {
  private subscription: EventSubscription | undefined;
  private checkpoint: Position | null = null;
  private pending: RecordedEvent[] = [];
  private flushScheduled = false;
  private readonly waiters = new PositionWaiters();
  private failure: Error | undefined;
  private running: Promise<void> | undefined;
  private consuming = false;
  private appliedEvents = 0;
  private saveCheckpoint: Statement | undefined;
  /** Set for a bulk load only: its batch, applied as events arrive (instead of `pending`). */
  private streamed: StreamedBatch | undefined;
  /** Set while another connection writes the file (endBulkLoadElsewhere). */
  private writesHeld: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** A transient failure is waiting for its restart: waits queue up instead of failing. */
  private restartPending = false;
  private restarts = 0;
  private stopped = false;
  /** The batch the applier is writing (see ProjectionRunnerOptions.applier). */
  private inFlight: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly store: EventStore,
    private readonly db: Database,
    readonly projections: readonly Projection[],
    private readonly schemas: EventSchemaRegistry,
    private readonly logger: Logger,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    if (options.applier && options.bulkLoad)
      throw new Error('a bulk load is applied on the runner connection');
  }

  /** Stored checkpoint, tables ready, subscription started (returns before catching up). */
  start(): void {
    this.stopped = false;
    this.restartPending = false;
    this.waiters.resume();
    this.failure = undefined;
    this.pending = [];
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (name TEXT PRIMARY KEY, version TEXT NOT NULL, position TEXT)`,
    );
    const version = projectionsVersion(this.projections);
    const row = this.db
      .prepare(`SELECT version, position FROM ${CHECKPOINT_TABLE} WHERE name = ?`)
      .get(this.name) as { version: string; position: string | null } | undefined;
    this.db.transaction(() => {
      for (const projection of this.projections) projection.setup(this.db);
      if (!row || row.version !== version) {
        if (row)
          this.logger.warn({ projection: this.name }, 'projection definitions changed: rebuilding from 0');
        for (const projection of this.projections) projection.reset(this.db);
        this.db
          .prepare(`INSERT OR REPLACE INTO ${CHECKPOINT_TABLE} (name, version, position) VALUES (?, ?, NULL)`)
          .run(this.name, version);
      }
      const fromZero = !row || row.version !== version || !row.position;
      if (this.options.bulkLoad && fromZero && !this.streamed) {
        for (const projection of this.projections) projection.beginBulkLoad?.(this.db);
        this.streamed = new StreamedBatch(
          this.db,
          (event) => this.applyEvent(event),
          (last) => this.endBatch(last),
        );
      }
    })();
    this.saveCheckpoint = this.db.prepare(`UPDATE ${CHECKPOINT_TABLE} SET position = ? WHERE name = ?`);
    this.moveCheckpoint(row && row.version === version && row.position ? parsePosition(row.position) : null);
    this.waiters.release(this.checkpoint);
    if (this.reachedUntil()) return;
    this.subscription = this.store.subscribeToAll(this.checkpoint ? { after: this.checkpoint } : {});
    this.consuming = true;
    this.running = this.consume(this.subscription);
  }

  get position(): Position | null {
    return this.checkpoint;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** Failed, and starting again from its checkpoint after a backoff (a transient failure). */
  get restarting(): boolean {
    return this.restartPending;
  }

  get state(): RunnerState {
    if (this.failure) return 'failed';
    return this.consuming ? 'running' : 'stopped';
  }

  /** Events applied since this runner was created. */
  get applied(): number {
    return this.appliedEvents;
  }

  /** Resolves once every event up to `position` is in the read model. */
  waitFor(position: Position, timeoutMs = 10_000): Promise<void> {
    if (this.failure && !this.restartPending) return Promise.reject(this.failure);
    if (this.checkpoint && comparePositions(this.checkpoint, position) >= 0) return Promise.resolve();
    return this.waiters.add(position, timeoutMs);
  }

  /** True between a bulk load's start and endBulkLoad() (see ProjectionRunnerOptions.bulkLoad). */
  get inBulkLoad(): boolean {
    return this.streamed !== undefined;
  }

  /**
   * Ends a bulk load (the projections settle what they handed to other threads and build what
   * they deferred): the read model is complete and queryable once it resolves, and later
   * batches are applied normally. The runner writes nothing meanwhile: arriving events wait in
   * the subscription. A no-op when there is no bulk load.
   */
  endBulkLoad(): Promise<void> {
    return this.endBulkLoadElsewhere(async (statements) => {
      this.db.transaction(() => {
        for (const sql of statements) this.db.exec(sql);
      })();
    });
  }

  /**
   * endBulkLoad() with the projections' deferred statements (seconds of index sorting for a big
   * replay) run by `runElsewhere`, on a worker thread's connection to the same file, so that the
   * event loop goes on meanwhile.
   */
  async endBulkLoadElsewhere(
    runElsewhere: (statements: readonly string[]) => Promise<unknown>,
  ): Promise<void> {
    if (!this.streamed) return;
    this.flush();
    this.streamed = undefined;
    let release = () => {};
    this.writesHeld = new Promise<void>((resolve) => (release = resolve));
    try {
      for (const projection of this.projections) await projection.settleBulkLoad?.();
      const deferred = this.deferredSql();
      // Nothing deferred (the projections' other threads built it all): no connection to open.
      if (deferred.length > 0) await runElsewhere(deferred);
      this.db.transaction(() => {
        for (const projection of this.projections) projection.endBulkLoad?.(this.db);
      })();
    } catch (error) {
      this.fail(asError(error));
      throw error;
    } finally {
      this.writesHeld = undefined;
      release();
    }
    this.flush();
  }

  private deferredSql(): string[] {
    return this.projections.flatMap((projection) => projection.bulkLoadDeferredSql?.() ?? []);
  }

  /**
   * stop() for a rebuild's swap: until start() the waiters do not time out (a write waiting for
   * its read-your-writes answers once the swapped-in read model includes it, however long the copy).
   */
  async pause(): Promise<void> {
    this.waiters.hold();
    await this.stop();
  }

  /** Stops following $all once what was delivered is applied; waiters keep waiting for a restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    if (this.restartPending) {
      // Stopped before the restart: the waiters get the failure, as for a final one (paused for
      // a swap, they wait for the start that follows it).
      this.restartPending = false;
      if (!this.waiters.isHeld) this.waiters.rejectAll(this.failure!);
    }
    await this.subscription?.close();
    await this.running;
    await this.drain();
    if (this.db.open) await this.endBulkLoad();
  }

  private async consume(subscription: EventSubscription): Promise<void> {
    const until = this.options.until;
    const sliceMs = this.options.yieldEveryMs ?? Infinity;
    let sliceStarted = performance.now();
    try {
      for await (const event of subscription) {
        if (this.writesHeld) await this.writesHeld;
        if (this.failure) break;
        if (until && comparePositions(event.position, until) > 0) break;
        if (this.streamed) this.addStreamed(this.streamed, event);
        else this.pending.push(event);
        const reached = until !== undefined && comparePositions(event.position, until) >= 0;
        if (reached) break;
        const size = this.streamed ? this.streamed.size : this.pending.length;
        if (size >= (this.streamed ? (this.options.bulkBatchSize ?? MAX_BATCH) : MAX_BATCH)) {
          // Applied elsewhere: the next batch is read while the one before it is written.
          if (this.inFlight) await this.inFlight;
          this.flush();
          // A catch-up read never waits on I/O: without this, replaying history would hold the
          // event loop until the end and starve every request (a rebuild runs beside SCIM).
          await nextTurn();
          sliceStarted = performance.now();
          continue;
        }
        if (!this.flushScheduled) {
          // Batch what arrives within one event-loop turn into one transaction.
          this.flushScheduled = true;
          setImmediate(() => this.flush());
        }
        // Only with a slice: the live runner and the replay tool do not pay a clock read per event.
        if (sliceMs !== Infinity && performance.now() - sliceStarted > sliceMs) {
          // Requests waiting beside a replay: their turn (the scheduled flush commits meanwhile).
          await nextTurn();
          sliceStarted = performance.now();
        }
      }
      await this.drain();
    } catch (error) {
      this.fail(asError(error));
    } finally {
      this.consuming = false;
    }
  }

  private reachedUntil(): boolean {
    const until = this.options.until;
    return until !== undefined && this.checkpoint !== null && comparePositions(this.checkpoint, until) >= 0;
  }

  private addStreamed(batch: StreamedBatch, event: RecordedEvent): void {
    try {
      batch.add(event);
    } catch (error) {
      batch.rollback();
      this.fail(asError(error));
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.writesHeld) return;
    if (this.streamed) {
      this.commitStreamed(this.streamed);
      return;
    }
    if (this.pending.length === 0 || this.failure || this.inFlight) return;
    const batch = this.pending.map((recorded) => this.schemas.upcast(recorded));
    this.pending = [];
    const last = batch[batch.length - 1].position;
    if (this.options.applier) {
      this.inFlight = this.applyElsewhere(this.options.applier, batch, last);
      return;
    }
    try {
      this.applyBatch(batch, last);
    } catch (error) {
      this.fail(asError(error));
      return;
    }
    this.batchApplied(batch, last);
  }

  private async applyElsewhere(applier: BatchApplier, batch: RecordedEvent[], last: Position): Promise<void> {
    try {
      await applier.apply(batch, formatPosition(last));
    } catch (error) {
      this.inFlight = undefined;
      this.fail(asError(error));
      return;
    }
    this.inFlight = undefined;
    this.batchApplied(batch, last);
    // What arrived while this batch was written goes next, without waiting for another turn.
    this.flush();
  }

  /** Flushes until nothing is pending or in flight (the end of a subscription, a stop). */
  private async drain(): Promise<void> {
    this.flush();
    while (this.inFlight) {
      await this.inFlight;
      this.flush();
    }
  }

  private batchApplied(batch: RecordedEvent[], last: Position): void {
    this.moveCheckpoint(last);
    this.appliedEvents += batch.length;
    this.restarts = 0;
    for (const projection of this.projections) projection.committed?.(batch);
    this.waiters.release(this.checkpoint);
  }

  /** Before anything learns of the new checkpoint (committed hooks, waiters): see checkpointMoved. */
  private moveCheckpoint(position: Position | null): void {
    this.checkpoint = position;
    this.options.checkpointMoved?.();
  }

  private commitStreamed(batch: StreamedBatch): void {
    if (this.failure) return;
    let committed;
    try {
      committed = batch.commit();
    } catch (error) {
      batch.rollback();
      this.fail(asError(error));
      return;
    }
    if (!committed) return;
    this.moveCheckpoint(committed.last);
    this.appliedEvents += committed.events;
    this.waiters.release(this.checkpoint);
  }

  /** `batch`: upcast already. */
  private applyBatch(batch: RecordedEvent[], last: Position): void {
    this.db.transaction(() => {
      for (const event of batch) for (const projection of this.projections) projection.apply(this.db, event);
      this.endBatch(last);
    })();
  }

  private applyEvent(recorded: RecordedEvent): void {
    const event = this.schemas.upcast(recorded);
    for (const projection of this.projections) projection.apply(this.db, event);
  }

  /** The end of every batch, in its transaction: write-behind projections, then the checkpoint. */
  private endBatch(last: Position): void {
    for (const projection of this.projections) projection.endBatch?.(this.db);
    this.saveCheckpoint!.run(formatPosition(last), this.name);
  }

  private fail(error: Error): void {
    this.failure = error;
    this.pending = [];
    this.streamed?.rollback();
    // Nothing more can be applied: stop reading instead of buffering $all in memory.
    void this.subscription?.close();
    if (this.options.restartAfterTransientFailure && !this.streamed && isTransientFailure(error)) {
      this.restartLater(error);
      return;
    }
    this.logger.error({ projection: this.name, err: error }, 'projection stopped');
    this.waiters.rejectAll(error);
  }

  /**
   * The waiters keep waiting (their own timeouts still answer 503 "stored, read model behind"),
   * and the batch that failed was rolled back: start() replays it from the checkpoint.
   */
  private restartLater(error: Error): void {
    this.restartPending = true;
    const delay = RESTART_DELAYS_MS[Math.min(this.restarts, RESTART_DELAYS_MS.length - 1)]!;
    this.restarts += 1;
    this.logger.error(
      { projection: this.name, err: error, attempt: this.restarts, retryInMs: delay },
      `projection interrupted (${error.message}); starting again from the checkpoint in ${delay} ms`,
    );
    this.restartTimer = setTimeout(() => this.restartAfterFailure(), delay);
    this.restartTimer.unref();
  }

  /**
   * The restart of a transient failure now rather than after its backoff, when its cause is known
   * to be over (an append went through: the store answers again). A no-op otherwise.
   */
  restartNow(): void {
    if (!this.restartPending || !this.restartTimer) return;
    clearTimeout(this.restartTimer);
    this.restartAfterFailure();
  }

  private restartAfterFailure(): void {
    this.restartTimer = undefined;
    // A batch still being written elsewhere ends first: start() resumes after its checkpoint.
    void Promise.all([this.running, this.inFlight]).then(() => {
      if (this.stopped || !this.db.open) return;
      try {
        this.start();
      } catch (failure) {
        this.fail(asError(failure));
      }
    });
  }
}

// SQLite's codes for conditions outside the events (a full disk, I/O, a file held by another
// connection); and a store that could not be read (EventStoreDB restarting).
const TRANSIENT_SQLITE = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|NOMEM|CANTOPEN)/;

function isTransientFailure(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT_SQLITE.test(code)) return true;
  return error instanceof EventStoreUnavailableError;
}
