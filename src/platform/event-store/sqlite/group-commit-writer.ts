import type { Database, Transaction } from 'better-sqlite3';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store.port';
import { DuplicateEventIdError } from './duplicate-event-id.error';
import { errorMessage } from './sqlite-error';
import { StreamAppender } from './stream-appender';

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** Bounds one transaction (and so one pause of the event loop) when a flood is queued. */
const MAX_EVENTS_PER_BATCH = 20_000;

/**
 * Group commit: appends queued during one event-loop turn are written in ONE transaction
 * (one fsync), flushed from setImmediate. Each append is checked on its own and gets its own
 * result or error; promises settle only after COMMIT returned, i.e. once the batch is durable.
 */
export class GroupCommitWriter {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private readonly appender: StreamAppender;
  private readonly writeBatchTransaction: Transaction<(batch: PendingAppend[]) => Outcome[]>;
  /** Nested inside the batch transaction, better-sqlite3 runs this in a SAVEPOINT. */
  private readonly appendInSavepoint: Transaction<(item: PendingAppend) => AppendResult>;

  constructor(
    private readonly db: Database,
    /** Called after every commit that stored at least one event (wakes subscriptions). */
    private readonly onCommitted: () => void,
  ) {
    this.appender = new StreamAppender(db);
    this.writeBatchTransaction = db.transaction((batch: PendingAppend[]) =>
      batch.map((item) => this.tryAppend(item)),
    );
    this.appendInSavepoint = db.transaction((item: PendingAppend) => this.appendDirect(item));
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) {
      return Promise.reject(new EventStoreUnavailableError('the SQLite event store is closed'));
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Refuses new appends and resolves once every queued append has been written. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length === 0 && !this.flushScheduled) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.takeBatch();
    const outcomes = this.writeBatch(batch);
    let stored = false;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if (outcome.ok) {
        stored = true;
        batch[i].resolve(outcome.result);
      } else {
        batch[i].reject(outcome.error);
      }
    }
    if (stored) this.onCommitted();
    if (this.queue.length > 0) {
      this.scheduleFlush();
    } else {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private takeBatch(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || events < MAX_EVENTS_PER_BATCH)) {
      events += this.queue[count].events.length;
      count++;
    }
    return this.queue.length === count ? this.queue.splice(0) : this.queue.splice(0, count);
  }

  private writeBatch(batch: PendingAppend[]): Outcome[] {
    try {
      return this.writeBatchTransaction(batch);
    } catch (error) {
      // Nothing of the batch is stored (the transaction rolled back or never committed).
      const failure = writeFailed(error);
      return batch.map(() => ({ ok: false, error: failure }));
    }
  }

  private tryAppend(item: PendingAppend): Outcome {
    try {
      // A single-event append needs no savepoint: a failed INSERT undoes itself, checks write nothing.
      const result = item.events.length === 1 ? this.appendDirect(item) : this.appendInSavepoint(item);
      return { ok: true, result };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
        return { ok: false, error };
      }
      // SQLite may have rolled back the whole transaction (disk full, I/O error): later appends
      // would then autocommit one by one outside the batch, so abort the batch instead.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error: writeFailed(error) };
    }
  }

  private appendDirect(item: PendingAppend): AppendResult {
    return this.appender.append(item.streamId, item.events, item.expected);
  }
}

function writeFailed(cause: unknown): EventStoreUnavailableError {
  return new EventStoreUnavailableError(`SQLite event store write failed: ${errorMessage(cause)}`, { cause });
}
