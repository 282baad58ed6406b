import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  ResolvedEvent,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import {
  AppendResult,
  EventStore,
  EventSubscription,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port';
import { AppendFailure, InFlightAppends } from '../in-flight-appends';
import { Position, START as PORT_START, comparePositions } from '../position';
import { EventStoreDbSubscription } from './all-subscription';
import { lastUserEventPosition, readAllForwards } from './all-reads';
import { toEsdbScheme, withoutCredentials } from './connection-string';
import { toEventData, toRecordedEvent } from './event-mapping';
import { raiseStamp, readStamp } from './event-version-stamp-stream';
import { toClientExpectedRevision, toWrongExpectedRevision } from './expected-revision';
import { toPortError } from './store-errors';

export interface EventStoreDbOptions {
  /** How long ping() waits for an answer before calling the server unavailable. */
  pingTimeoutMs?: number;
  /** Told when close() stopped waiting for the client's calls to finish (see close()). */
  onDisposeTimeout?: (waitedMs: number) => void;
}

const DEFAULT_PING_TIMEOUT_MS = 3_000;
const DISPOSE_TIMEOUT_MS = 2_000;

/** The EventStore port over EventStoreDB (or KurrentDB) through @eventstore/db-client's gRPC API. */
export class EventStoreDbEventStore implements EventStore {
  private readonly inFlight = new InFlightAppends();
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    /** The connection string without credentials, for messages. */
    private readonly server: string,
    private readonly options: EventStoreDbOptions,
  ) {}

  /** Creates the client; no connection is made until the first call (the app pings at start). */
  static connect(connectionString: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
    const server = withoutCredentials(connectionString);
    try {
      return new EventStoreDbEventStore(
        EventStoreDBClient.connectionString(toEsdbScheme(connectionString)),
        server,
        options,
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EventStoreUnavailableError(`invalid EventStoreDB connection string ${server}: ${reason}`, {
        cause: error,
      });
    }
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inFlight.track(this.appendNow(streamId, events, expected));
  }

  appendsSettled(): Promise<void> {
    return this.inFlight.settled();
  }

  appendFailure(): AppendFailure | undefined {
    return this.inFlight.lastFailure;
  }

  private async appendNow(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    // As the SQLite adapter: an empty append or a negative revision is a caller's bug, not a no-op.
    if (events.length === 0) throw new RangeError(`append to ${streamId} without events`);
    if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0))
      throw new RangeError(`expected revision must be a revision (0, 1, ...), got ${expected}`);
    try {
      const result = await this.client.appendToStream(streamId, events.map(toEventData), {
        expectedRevision: toClientExpectedRevision(expected),
      });
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      // Older servers answer an idempotent re-append without a position.
      const position = result.position ?? (await this.positionOf(streamId, nextExpectedRevision));
      return { nextExpectedRevision, position: { commit: position.commit, prepare: position.prepare } };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw toPortError(error, this.server);
      const stored = await this.alreadyStored(streamId, events);
      if (stored) return stored;
      throw toWrongExpectedRevision(streamId, expected, error);
    }
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    if (options.maxCount !== undefined && options.maxCount <= 0) return;
    const backwards = options.direction === 'backwards';
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      maxCount: options.maxCount,
      resolveLinkTos: false,
    });
    // Iterated by hand, not with for await: leaving a for await destroys the client's stream,
    // which unpipes the gRPC call's stream; when the server had already ended the call, that one
    // then stays paused with its end unread and never finishes (see abandon()).
    const resolvedEvents = read[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        let next: IteratorResult<ResolvedEvent>;
        try {
          next = await resolvedEvents.next();
        } catch (error) {
          finished = true;
          if (error instanceof StreamNotFoundError) return;
          throw toPortError(error, this.server);
        }
        if (next.done) {
          finished = true;
          return;
        }
        if (next.value.event) yield toRecordedEvent(next.value.event);
      }
    } finally {
      // Stopped early: the consumer left, or an event could not be mapped.
      if (!finished) await abandon(read, resolvedEvents);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    if (options.maxCount !== undefined && options.maxCount <= 0) return;
    try {
      yield* readAllForwards(this.client, options.after, options.maxCount ?? Infinity);
    } catch (error) {
      throw toPortError(error, this.server);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    this.assertOpen();
    const after =
      options.after && comparePositions(options.after, PORT_START) !== 0 ? options.after : undefined;
    const source = this.client.subscribeToAll({
      // EventStoreDB starts a subscription strictly after fromPosition (unlike readAll).
      fromPosition: after ?? START,
      resolveLinkTos: false,
      filter: excludeSystemEvents(),
    });
    const subscription: EventStoreDbSubscription = new EventStoreDbSubscription(
      source,
      after,
      (error) => toPortError(error, this.server),
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    try {
      return await lastUserEventPosition(this.client);
    } catch (error) {
      throw toPortError(error, this.server);
    }
  }

  async readEventVersionStamp(): Promise<Map<string, number>> {
    return (await readStamp(this)).versions;
  }

  raiseEventVersionStamp(versions: ReadonlyMap<string, number>): Promise<void> {
    return raiseStamp(this, versions);
  }

  /** Reads the last record of $all; reads carry no deadline in this client, hence the timer. */
  async ping(): Promise<void> {
    this.assertOpen();
    const timeoutMs = this.options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS;
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new EventStoreUnavailableError(
              `EventStoreDB at ${this.server} did not answer within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    const answer = (async () => {
      for await (const _ of read);
    })();
    try {
      await Promise.race([answer, timeout]);
    } catch (error) {
      const destroy = (): void => void read.destroy();
      read.cancel().then(destroy, destroy);
      if (error instanceof EventStoreUnavailableError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new EventStoreUnavailableError(`EventStoreDB at ${this.server} cannot be reached: ${reason}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // dispose() cancels the calls but would leave subscribers waiting: end them first.
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    // dispose() cancels every call, then waits until each call's stream has finished: a stream
    // that never does (as reads left early did before abandon()) must not keep a shutdown waiting.
    if (!(await settlesWithin(this.client.dispose(), DISPOSE_TIMEOUT_MS)))
      this.options.onDisposeTimeout?.(DISPOSE_TIMEOUT_MS);
  }

  /**
   * EventStoreDB treats a repeat as idempotent only when its expected revision still fits (any,
   * stream_exists, or the revision the events were first written after). The port promises it
   * for every expected revision, so a rejected append whose ids are all stored, in order, in
   * this stream, answers what the first append answered.
   */
  private async alreadyStored(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    if (events.length === 0) return undefined;
    let matched = 0;
    for await (const event of this.readStream(streamId)) {
      if (matched === 0 && event.id !== events[0].id) continue;
      if (event.id !== events[matched].id) return undefined;
      if (++matched === events.length)
        return { nextExpectedRevision: event.revision, position: event.position };
    }
    return undefined;
  }

  private async positionOf(streamId: string, revision: number): Promise<Position> {
    for await (const event of this.readStream(streamId, { fromRevision: revision, maxCount: 1 }))
      return event.position;
    throw new Error(`event ${streamId}@${revision} not found right after appending it`);
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError(`EventStoreDB store for ${this.server} is closed`);
  }
}

// How long a read left early may take to finish (its end, or the cancellation) before it is left.
const ABANDON_MS = 1_000;

/**
 * Ends a read its consumer left: cancels the call, then reads the stream to its end (what had
 * arrived) so that the gRPC call's stream finishes. Otherwise, whenever the server had ended the
 * call before the cancel (most history pages: they stop at their last event), the call stayed in
 * the client's set of open streams for good: 16.6 KB each, 76 MB a minute in a soak, and the
 * client's dispose() waited on every one. Bounded, should a cancelled stream never end.
 */
async function abandon(read: { cancel(): Promise<void> }, events: AsyncIterator<unknown>): Promise<void> {
  await read.cancel().catch(() => undefined);
  const drained = (async () => {
    try {
      while (!(await events.next()).done) {
        // dropped
      }
    } catch {
      // cancelled: the stream has finished
    }
  })();
  await settlesWithin(drained, ABANDON_MS);
}

/** Whether `work` settled within `ms`; it is left running otherwise. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms).unref()));
  const settled = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    late,
  ]);
  clearTimeout(timer);
  return settled;
}
