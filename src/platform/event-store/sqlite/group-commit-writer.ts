import { EventStoreUnavailableError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision, NewEvent, StreamAppend } from '../event-store.port';
import type { CommittedAppend } from './recent-commits';
import { errorMessage } from './sqlite-error';
import { WireItem, WireOutcome, fromWireError, serializeAppend, toAppendResult } from './writer-thread/wire';

interface PendingAppend {
  item: WireItem;
  /** Events of the item, all its appends together (bounds a group). */
  events: number;
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/** Where groups are written: the writer thread (EventWriterThread). */
export interface GroupWriter {
  write(batch: WireItem[]): Promise<WireOutcome[]>;
}

/** Bounds one transaction (and one message to the writer thread) when a flood is queued. */
const MAX_EVENTS_PER_BATCH = 20_000;

/**
 * Groups sent before the first is answered: the thread starts on the next group the moment it
 * has committed one, instead of idling for a round trip through the event loop.
 */
const MAX_GROUPS_IN_FLIGHT = 2;

/**
 * Group commit: the appends of one event-loop turn are sent to the writer thread as ONE group,
 * written in one transaction (one fsync); while MAX_GROUPS_IN_FLIGHT groups are in flight,
 * appends wait and form the next group, so groups grow with the load. The thread writes groups
 * in the order sent. Promises settle when the thread answers, i.e. once the group is durable.
 */
export class GroupCommitWriter {
  private queue: PendingAppend[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly thread: GroupWriter,
    /**
     * Called after every group with a successful append (wakes subscriptions), before the
     * callers resume, with the appends it stored in commit order (answers to idempotent
     * retries stored nothing and are left out).
     */
    private readonly onCommitted: (committed: CommittedAppend[]) => void,
  ) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    // Serialized now: the caller may change its objects once we return.
    const [result] = await this.enqueue([serializeAppend(streamId, events, expected)]);
    return result;
  }

  /** Appends to several streams, all or none, in the next group (see EventStore.appendAtomically). */
  appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.enqueue(appends.map((a) => serializeAppend(a.streamId, a.events, a.expected)));
  }

  private enqueue(item: WireItem): Promise<AppendResult[]> {
    if (this.closed) {
      return Promise.reject(new EventStoreUnavailableError('the SQLite event store is closed'));
    }
    let events = 0;
    for (const append of item) events += append.events.length;
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ item, events, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Refuses new appends and resolves once every queued append has been answered. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && !this.flushScheduled;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= MAX_GROUPS_IN_FLIGHT) return;
    this.flushScheduled = true;
    // Gathers the appends of this event-loop turn into the first group.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.queue.length === 0) {
      if (this.isIdle()) this.wakeIdleWaiters();
      return;
    }
    const batch = this.takeBatch();
    this.inFlight++;
    this.thread.write(batch.map((pending) => pending.item)).then(
      (outcomes) => this.settle(batch, outcomes),
      (error: unknown) => this.settle(batch, undefined, error),
    );
  }

  private settle(batch: PendingAppend[], outcomes: WireOutcome[] | undefined, failure?: unknown): void {
    this.inFlight--;
    const committed: CommittedAppend[] = [];
    let answered = false;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes?.[i];
      if (!outcome?.ok) continue;
      answered = true;
      const { item } = batch[i];
      outcome.appended.forEach(({ revision, position, written }, part) => {
        if (written) committed.push({ append: item[part], revision, position });
      });
    }
    // Before any caller resumes: what it reads next must already see its own write.
    if (answered) this.onCommitted(committed);
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes?.[i];
      if (outcome?.ok) batch[i].resolve(outcome.appended.map(toAppendResult));
      else batch[i].reject(outcome ? fromWireError(outcome.error) : writeFailed(failure));
    }
    // The callers carry on in microtasks: let their next appends join the queue first.
    this.scheduleFlush();
    if (this.isIdle()) this.wakeIdleWaiters();
  }

  private takeBatch(): PendingAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || events < MAX_EVENTS_PER_BATCH)) {
      events += this.queue[count].events;
      count++;
    }
    return this.queue.length === count ? this.queue.splice(0) : this.queue.splice(0, count);
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

function writeFailed(cause: unknown): EventStoreUnavailableError {
  if (cause instanceof EventStoreUnavailableError) return cause;
  return new EventStoreUnavailableError(`SQLite event store write failed: ${errorMessage(cause)}`, { cause });
}
