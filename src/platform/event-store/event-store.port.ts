import type { AppendFailure } from './in-flight-appends';
import { Position } from './position';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Metadata every stored event carries (the event id is `RecordedEvent.id`). */
export interface EventMetadata {
  schemaVersion: number;
  /** The request (or process) that caused the change. */
  correlationId: string;
  /** The event or command that directly caused this one; null for a request's first write. */
  causationId: string | null;
  /** `scim-token:<tokenId>`, `admin`, `system:<process>` */
  actor: string;
  /** ISO-8601 UTC time the event was recorded. */
  timestamp: string;
}

export interface NewEvent {
  /** UUID chosen by the writer: re-appending the same ids is idempotent. */
  id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  type: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /** Global position in $all: strictly increasing in append order. */
  position: Position;
  data: JsonObject;
  metadata: EventMetadata;
}

/**
 * `any`: no check. `no_stream`: the stream must not exist. `stream_exists`: it must exist.
 * A number: the stream's last event must have exactly that revision.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextExpectedRevision: number;
  /** Global position of the last event written (or already stored, for an idempotent re-append). */
  position: Position;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the very beginning. */
  after?: Position;
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive: deliver events strictly after this position; omitted: from the beginning. */
  after?: Position;
}

/** A catch-up subscription: history first, then live events, in order, no gaps, no duplicates. */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/** One stream's part of an atomic append. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several distinct streams in one transaction: every part is stored, in order, or
   * none (WrongExpectedRevisionError names the stream whose check failed). Results in the parts'
   * order. Optional: only a store with multi-stream transactions has it (the embedded SQLite
   * one); EventStoreDB appends to one stream at a time, so callers fall back to appends in turn.
   */
  appendAtomically?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Set when this process is the store's only writer, since that moment (the embedded store
   * holds DATA_DIR's lock): whatever was appended before was written by a process that is gone,
   * so none of it is a write still in flight. Unset for a store other instances may share.
   */
  readonly soleWriterSince?: Date;
  /** Empty when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Forwards through $all, user events only (never the store's own system events). */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription;
  /** Position of the last event in $all, or null when the store is empty. */
  headPosition(): Promise<Position | null>;
  /**
   * Resolves once every append this process gave the store before the call is answered
   * (committed or refused). Events are timed before their commit: a read by time (asOf) waits
   * for this, so that a moment in the past cannot gain an event after it was answered.
   */
  appendsSettled(): Promise<void>;
  /**
   * Set while the storage refuses this process's appends (EventStoreUnavailableError: a full
   * disk, EventStoreDB down): since when, and why the last one. Cleared by the next append it takes.
   */
  appendFailure(): AppendFailure | undefined;
  /**
   * The log's event version stamp: per event type, the highest schema version a build declared
   * writing to this log (`src/platform/es/event-version-stamp.ts`). Empty when none ever did.
   * Kept with the log, never with the read model, and never handed out by readAll.
   */
  readEventVersionStamp(): Promise<Map<string, number>>;
  /** Raises the stamp to `versions`, the highest of both per type: never lowers it. */
  raiseEventVersionStamp(versions: ReadonlyMap<string, number>): Promise<void>;
  /** Throws EventStoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest injection token for the configured adapter. */
export const EVENT_STORE = Symbol('EventStore');
