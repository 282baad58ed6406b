import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { WalCheckpointer } from '../../sqlite/wal-checkpointer';
import { EventStoreUnavailableError } from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeToAllOptions,
} from '../event-store.port';
import { AppendFailure, InFlightAppends } from '../in-flight-appends';
import type { Position } from '../position';
import { CatchUpSubscription } from './catch-up-subscription';
import { CommitNotifier } from './commit-notifier';
import { EventQueries } from './event-queries';
import { validateExpectedRevision } from './expected-revision';
import { GroupCommitWriter } from './group-commit-writer';
import { RecentCommits } from './recent-commits';
import { PreviousRun, recordCleanStop } from './data-dir-lock';
import { OpenedDatabase, openDatabase, openFailed } from './open-database';
import { readPaged, validateMaxCount } from './paged-reads';
import { errorMessage } from './sqlite-error';
import { EventWriterThread } from './writer-thread/event-writer-thread';

export interface SqliteEventStoreOptions {
  /** Directory of events.db; created if missing. One process at a time may use it. */
  dataDir: string;
  /** Where a failed WAL checkpoint is reported (the server's logger). */
  logger?: Logger;
}

/**
 * Embedded EventStore: DATA_DIR/events.db (SQLite, WAL, synchronous=FULL). Appends go through a
 * group-commit writer to a writer thread, so commits and their fsync never block the event
 * loop; reads use the event loop's own connection; the WAL is copied back into events.db by a
 * checkpointer thread, so that no commit waits for a checkpoint. DATA_DIR is held by this
 * process until close() or process exit.
 */
export class SqliteEventStore implements EventStore {
  private readonly inFlight = new InFlightAppends();
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly notifier = new CommitNotifier();
  private readonly recent = new RecentCommits();
  private readonly writer: GroupCommitWriter;
  private readonly queries: EventQueries;
  private readonly subscriptions = new Set<CatchUpSubscription>();

  private readonly db: Database;
  private readonly lock: Database;
  /** Opened once DATA_DIR's lock is held: no other process writes this store meanwhile. */
  readonly soleWriterSince = new Date();
  /** What the lock file said of the process before this one (undefined on a new DATA_DIR). */
  readonly previousRun: PreviousRun | undefined;

  private constructor(
    opened: OpenedDatabase,
    private readonly thread: EventWriterThread,
    private readonly checkpointer: WalCheckpointer,
    readonly dataDir: string,
  ) {
    this.db = opened.reader;
    this.lock = opened.lock;
    this.previousRun = opened.previousRun;
    this.writer = new GroupCommitWriter(thread, (committed) => {
      try {
        this.recent.record(committed);
      } catch {
        // A half-recorded window could end early: reads go to the database instead.
        this.recent.forget();
      }
      this.notifier.notify();
    });
    this.queries = new EventQueries(this.db);
  }

  /** Throws EventStoreUnavailableError (naming DATA_DIR and why) when the store cannot be used. */
  static async open(options: SqliteEventStoreOptions | string): Promise<SqliteEventStore> {
    const { dataDir, logger } =
      typeof options === 'string' ? { dataDir: options, logger: undefined } : options;
    const opened = openDatabase(dataDir);
    let thread: EventWriterThread | undefined;
    try {
      thread = await EventWriterThread.start(opened.file);
      const checkpointer = new WalCheckpointer(opened.file, logger);
      checkpointer.start();
      if (opened.previousRun && !opened.previousRun.stoppedCleanly)
        logger?.warn(
          { dataDir, previousRunStartedAt: opened.previousRun.startedAt },
          'the previous run on this DATA_DIR did not stop cleanly (killed or crashed): every acknowledged write was kept; projections and the ownership saga resume from their checkpoints',
        );
      return new SqliteEventStore(opened, thread, checkpointer, dataDir);
    } catch (error) {
      await thread?.close();
      opened.reader.close();
      opened.lock.close();
      throw error instanceof EventStoreUnavailableError ? error : openFailed(dataDir, error);
    }
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      if (events.length === 0) throw new RangeError('an append needs at least one event');
      validateExpectedRevision(expected);
    } catch (error) {
      return Promise.reject(error);
    }
    // The caller may mutate its array after we return; the batch runs on a later turn.
    return this.inFlight.track(this.writer.append(streamId, events.slice(), expected));
  }

  appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    try {
      if (appends.length === 0) throw new RangeError('an atomic append needs at least one stream');
      const streams = new Set<string>();
      for (const { streamId, events, expected } of appends) {
        if (events.length === 0) throw new RangeError('an append needs at least one event');
        // Each part's expected revision is checked against the stream as it was before the call.
        if (streams.has(streamId))
          throw new RangeError(`stream ${streamId} appears twice in one atomic append`);
        streams.add(streamId);
        validateExpectedRevision(expected);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.inFlight.track(this.writer.appendAtomically(appends));
  }

  appendsSettled(): Promise<void> {
    return this.inFlight.settled();
  }

  appendFailure(): AppendFailure | undefined {
    return this.inFlight.lastFailure;
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const direction = options.direction ?? 'forwards';
    const maxCount = validateMaxCount(options.maxCount);
    const from = options.fromRevision ?? (direction === 'forwards' ? 0 : Number.MAX_SAFE_INTEGER);
    const step = direction === 'forwards' ? 1 : -1;
    return readPaged(
      (revision, limit) =>
        direction === 'forwards' && this.recent.knownEmptyFrom(streamId, revision)
          ? []
          : this.read(() => this.queries.streamPage(streamId, revision, limit, direction)),
      from,
      maxCount,
      (row) => row[3] + step,
    );
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const maxCount = validateMaxCount(options.maxCount);
    return readPaged(
      (position, limit) => this.read(() => this.queries.allPage(position, limit)),
      toRowPosition(options.after),
      maxCount,
      (row) => row[0],
    );
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    if (this.closed) throw new EventStoreUnavailableError('the SQLite event store is closed');
    const subscription = new CatchUpSubscription(
      (position, limit) =>
        this.recent.allAfter(position, limit) ?? this.read(() => this.queries.allPage(position, limit)),
      this.notifier,
      toRowPosition(options.after),
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | null> {
    const head = this.read(() => this.queries.headPosition());
    return head === null ? null : { commit: BigInt(head), prepare: BigInt(head) };
  }

  async readEventVersionStamp(): Promise<Map<string, number>> {
    const rows = this.read(() =>
      this.db.prepare<[], [string, number]>('SELECT type, version FROM event_versions').raw().all(),
    );
    return new Map(rows);
  }

  /**
   * On the event loop's connection: it runs at start, before any append queues on the writer
   * thread, whose first fsynced commit then also carries this one (the WAL is one file).
   */
  async raiseEventVersionStamp(versions: ReadonlyMap<string, number>): Promise<void> {
    if (this.closed)
      throw new EventStoreUnavailableError(`the SQLite event store in ${this.dataDir} is closed`);
    try {
      const raise = this.db.prepare<[string, number]>(
        `INSERT INTO event_versions (type, version) VALUES (?, ?)
         ON CONFLICT (type) DO UPDATE SET version = MAX(version, excluded.version)`,
      );
      this.db.transaction(() => {
        for (const [type, version] of versions) raise.run(type, version);
      })();
    } catch (error) {
      throw new EventStoreUnavailableError(
        `SQLite event store in ${this.dataDir} cannot be written: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }

  async ping(): Promise<void> {
    // Readiness covers writes too: reads alone would still answer without the writer thread.
    if (this.thread.failure && !this.closed) throw this.thread.failure;
    this.read(() => this.queries.ping());
  }

  /** Lets queued appends finish, ends subscriptions, then closes the database (releasing DATA_DIR). */
  close(): Promise<void> {
    // Every caller waits for the same, single shutdown.
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.writer.close();
    await this.thread.close();
    await this.checkpointer.stop();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.notifier.wakeAll();
    this.db.close();
    // Last: DATA_DIR is free only once nothing of this store touches it.
    try {
      recordCleanStop(this.lock);
    } finally {
      this.lock.close();
    }
  }

  private read<T>(query: () => T): T {
    if (this.closed) {
      throw new EventStoreUnavailableError(`the SQLite event store in ${this.dataDir} is closed`);
    }
    try {
      return query();
    } catch (error) {
      throw new EventStoreUnavailableError(
        `SQLite event store in ${this.dataDir} cannot be read: ${errorMessage(error)}`,
        { cause: error },
      );
    }
  }
}

/** Positions are rowids; START (-1) and "omitted" both mean before the first event. */
function toRowPosition(after: Position | undefined): number {
  return after === undefined ? 0 : Number(after.commit);
}
