import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ExpectedRevision,
  JsonObject,
  NewEvent,
} from '../event-store/event-store.port';
import { WrongExpectedRevisionError } from '../event-store/event-store.errors';
import { Position } from '../event-store/position';
import { CommandContext } from './command-context';
import { Decider } from './decider';
import { DomainEvent } from './domain-event';
import { EventSchemaRegistry } from './event-schema-registry';
import { AggregateStateCache } from './aggregate-state-cache';
import { KeyedLock } from './keyed-lock';
import { CONFLICT_ATTEMPTS, ConflictRetry, retryOnConflict } from './retry-on-conflict';
import { uuidV7 } from './uuid-v7';

export interface Loaded<State> {
  state: State;
  /** Revision of the stream's last event; -1 when the stream does not exist. */
  revision: number;
}

export interface Executed<Event, State> extends Loaded<State> {
  events: Event[];
  /** metadata.timestamp of `events` (one per append); undefined when there are none. */
  recordedAt?: string;
  /** The stored ids of `events`, in their order (an event's id is what later events cite as cause). */
  eventIds: string[];
  /** Position of the last appended event; null when the command produced no event. */
  position: Position | null;
}

/** The first events of a stream that does not exist yet, for createAtomically. */
export interface NewStream {
  streamId: string;
  events: DomainEvent[];
  /** To cache the state the events lead to, as execute() does; none for streams nobody loads. */
  decider?: Pick<Decider<unknown, DomainEvent, unknown>, 'initialState' | 'evolve'>;
}

export interface Created {
  revision: number;
  position: Position;
  /** metadata.timestamp of the stream's events (the same for every stream of the append). */
  recordedAt: string;
}

/** The caller acted on a revision that is no longer the stream's (If-Match, or a stale read). */
export class StaleRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, not ${expected}`);
    this.name = 'StaleRevisionError';
  }
}

export interface ExecuteOptions<State = unknown> {
  /** Refuse with StaleRevisionError unless the stream is exactly at this revision. */
  expectedRevision?: number;
  /**
   * The stream as the caller has just loaded it (its decision was taken on it): the first
   * attempt decides on it instead of reading the stream again. The append still expects its
   * revision, so a write that landed in between is a conflict, and the next attempt reads.
   */
  loaded?: Loaded<State>;
  /**
   * The stream is most likely new (its id was just made up, or names a value most likely never
   * used): decide on the initial state without reading it first. Should it exist after all, the
   * append conflicts and the next attempt reads it.
   */
  newStream?: boolean;
}

/** Load a stream, decide, append with the expected revision; retry a bounded number of times on conflict. */
@Injectable()
export class EventSourcedRepository {
  private readonly states = new AggregateStateCache();
  private readonly streams = new KeyedLock();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schemas: EventSchemaRegistry,
  ) {}

  /** See EventStore.soleWriterSince. */
  get soleWriterSince(): Date | undefined {
    return this.store.soleWriterSince;
  }

  /**
   * The state this process last folded for the stream, without reading it: possibly behind the
   * stream (a write of another process). For checks that a later load under a lock repeats.
   */
  peek<Event extends DomainEvent, State>(
    streamId: string,
    decider: Pick<Decider<unknown, Event, State>, 'evolve'>,
  ): Loaded<State> | undefined {
    return this.states.get<State>(streamId, decider.evolve);
  }

  async load<Event extends DomainEvent, State>(
    streamId: string,
    decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  ): Promise<Loaded<State>> {
    const cached = this.states.get<State>(streamId, decider.evolve);
    let state = cached?.state ?? decider.initialState;
    let revision = cached?.revision ?? -1;
    for await (const recorded of this.store.readStream(streamId, { fromRevision: revision + 1 })) {
      const event = this.schemas.upcast(recorded);
      state = decider.evolve(state, { type: event.type, data: event.data } as unknown as Event);
      revision = recorded.revision;
    }
    if (revision >= 0) this.states.set(streamId, decider.evolve, state, revision);
    return { state, revision };
  }

  /**
   * Commands on one stream are decided one after the other in this process, each on the state
   * the previous one left: racing, they conflicted, and a few of many (eight revokes of one
   * subscription's tokens at once) ran out of attempts. The expected revision still guards
   * against other processes.
   */
  execute<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command | ((state: State) => Command),
    context: CommandContext,
    options: ExecuteOptions<State> = {},
  ): Promise<Executed<Event, State>> {
    return this.streams.run(streamId, () => this.executeNow(streamId, decider, command, context, options));
  }

  private async executeNow<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command | ((state: State) => Command),
    context: CommandContext,
    options: ExecuteOptions<State>,
  ): Promise<Executed<Event, State>> {
    // Overtaken, the next attempt reloads the stream (an expectedRevision then fails its check);
    // the last conflict reaches the caller as it is (409 at both edges).
    const conflict: ConflictRetry = {
      attempts: CONFLICT_ATTEMPTS.append,
      isConflict: (error) => error instanceof WrongExpectedRevisionError,
      exhausted: (error) => error,
    };
    return retryOnConflict(conflict, async (attempt) => {
      const loaded =
        attempt > 1
          ? await this.load(streamId, decider)
          : options.newStream
            ? { state: decider.initialState, revision: -1 }
            : (options.loaded ?? (await this.load(streamId, decider)));
      if (options.expectedRevision !== undefined && options.expectedRevision !== loaded.revision)
        throw new StaleRevisionError(streamId, options.expectedRevision, loaded.revision);
      const cmd =
        typeof command === 'function' ? (command as (state: State) => Command)(loaded.state) : command;
      const events = decider.decide(cmd, loaded.state);
      if (events.length === 0) return { ...loaded, events, eventIds: [], position: null };
      const recordedAt = new Date().toISOString();
      const appended = this.toNewEvents(events, context, recordedAt);
      const result = await this.store.append(
        streamId,
        appended,
        loaded.revision < 0 ? 'no_stream' : loaded.revision,
      );
      const state = events.reduce(decider.evolve, loaded.state);
      this.states.set(streamId, decider.evolve, state, result.nextExpectedRevision);
      const eventIds = appended.map((event) => event.id);
      return {
        state,
        revision: result.nextExpectedRevision,
        events,
        eventIds,
        position: result.position,
        recordedAt,
      };
    });
  }

  /**
   * Creates several streams all or none, in one atomic append: one durable commit where appends
   * in turn cost one each (a unique value's reservation and the stream that takes it). Undefined
   * when the store appends to one stream at a time (EventStoreDB): the caller then writes them in
   * turn. WrongExpectedRevisionError when one of them exists; then none is written.
   */
  async createAtomically(
    streams: readonly NewStream[],
    context: CommandContext,
  ): Promise<Created[] | undefined> {
    if (!this.store.appendAtomically) return undefined;
    const recordedAt = new Date().toISOString();
    const results = await this.store.appendAtomically(
      streams.map(({ streamId, events }) => ({
        streamId,
        events: this.toNewEvents(events, context, recordedAt),
        expected: 'no_stream',
      })),
    );
    return streams.map(({ streamId, events, decider }, i) => {
      const { nextExpectedRevision: revision, position } = results[i];
      if (decider)
        this.states.set(
          streamId,
          decider.evolve,
          events.reduce(decider.evolve, decider.initialState),
          revision,
        );
      return { revision, position, recordedAt };
    });
  }

  /**
   * Appends events decided on a state that did not come from folding the stream (a snapshot
   * kept in an index, for aggregates too large to fold), with that snapshot's revision.
   */
  async appendDecided(
    streamId: string,
    events: DomainEvent[],
    expected: ExpectedRevision,
    context: CommandContext,
  ): Promise<{ revision: number; position: Position }> {
    const result = await this.store.append(
      streamId,
      this.toNewEvents(events, context),
      typeof expected === 'number' && expected < 0 ? 'no_stream' : expected,
    );
    return { revision: result.nextExpectedRevision, position: result.position };
  }

  toNewEvents(
    events: DomainEvent[],
    context: CommandContext,
    timestamp = new Date().toISOString(),
  ): NewEvent[] {
    return events.map((event) => ({
      id: uuidV7(),
      type: event.type,
      data: event.data as JsonObject,
      metadata: {
        schemaVersion: this.schemas.versionOf(event.type),
        correlationId: context.correlationId,
        causationId: context.causationId ?? null,
        actor: context.actor,
        timestamp,
      },
    }));
  }
}
