/**
 * The double's transaction log: every record of $all in write order, with EventStoreDB's
 * optimistic-concurrency and idempotency rules (IndexWriter.CheckCommit) for appends.
 */

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  streamId: string;
  revision: number;
  /** Log position: commit and prepare positions are both this, as for any gRPC append. */
  position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  created: bigint;
}

/** EventStoreDB's expected version: a revision, or -1 (no stream), -2 (any), -4 (stream exists). */
export type ExpectedVersion = number;
export const NO_STREAM = -1;
export const ANY = -2;
export const STREAM_EXISTS = -4;

export type AppendOutcome =
  | { kind: 'success'; lastRevision: number; position: bigint | null }
  | { kind: 'wrong-expected-version'; currentRevision: number };

// Approximate size of a prepare record without its payload: keeps positions gappy like real ones.
const RECORD_OVERHEAD = 96;
const TICKS_PER_MS = 10_000n;

export class InMemoryLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** Event id -> last stored event with that id (EventStoreDB's committed-events cache). */
  private readonly byId = new Map<string, StoredEvent>();
  private readonly listeners = new Set<() => void>();
  private nextPosition: bigint;

  constructor(firstPosition = 0n) {
    this.nextPosition = firstPosition;
  }

  get length(): number {
    return this.all.length;
  }

  at(index: number): StoredEvent {
    return this.all[index];
  }

  stream(streamId: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamId);
  }

  /** Index in $all of the first event strictly after `position`. */
  indexAfter(position: bigint): number {
    return this.firstIndex((e) => e.position > position);
  }

  /** Index in $all of the first event at or after `position`. */
  indexFrom(position: bigint): number {
    return this.firstIndex((e) => e.position >= position);
  }

  /** Called after every successful append that stored events. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves the write position on, like the log records EventStoreDB writes between events. */
  skip(bytes: number): void {
    this.nextPosition += BigInt(bytes);
  }

  append(streamId: string, expected: ExpectedVersion, events: ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length - 1;
    const decision = this.check(streamId, stream, expected, events);
    if (decision.kind === 'wrong-expected-version')
      return { kind: 'wrong-expected-version', currentRevision: current };
    if (decision.kind === 'idempotent')
      return { kind: 'success', lastRevision: decision.last.revision, position: decision.last.position };
    if (events.length === 0) {
      // EventStoreDB writes an empty prepare; no event appears in $all.
      const position = this.nextPosition;
      this.nextPosition += BigInt(RECORD_OVERHEAD);
      return { kind: 'success', lastRevision: current, position };
    }
    const created = BigInt(Date.now()) * TICKS_PER_MS;
    for (const event of events) {
      const stored: StoredEvent = {
        ...event,
        streamId,
        revision: stream.length,
        position: this.nextPosition,
        created,
      };
      this.nextPosition += BigInt(recordSize(stored));
      stream.push(stored);
      this.all.push(stored);
      this.byId.set(stored.id, stored);
    }
    this.streams.set(streamId, stream);
    for (const listener of [...this.listeners]) listener();
    const last = stream[stream.length - 1];
    return { kind: 'success', lastRevision: last.revision, position: last.position };
  }

  private check(
    streamId: string,
    stream: StoredEvent[],
    expected: ExpectedVersion,
    events: ProposedEvent[],
  ): { kind: 'ok' } | { kind: 'idempotent'; last: StoredEvent } | { kind: 'wrong-expected-version' } {
    const current = stream.length - 1;
    const wrong = { kind: 'wrong-expected-version' } as const;
    if (expected === STREAM_EXISTS && current < 0) return wrong;
    if (expected === ANY || expected === STREAM_EXISTS) {
      // Idempotent when every id is already in this stream; a partial match is a conflict.
      let last: StoredEvent | undefined;
      for (const [i, event] of events.entries()) {
        const found = this.byId.get(event.id);
        if (!found || found.streamId !== streamId) return i === 0 ? { kind: 'ok' } : wrong;
        last = found;
      }
      return last ? { kind: 'idempotent', last } : { kind: 'ok' };
    }
    if (expected < current) {
      // Writing earlier than the end: only a repeat of the very same events is accepted.
      if (events.length === 0) return wrong;
      for (const [i, event] of events.entries()) {
        if (stream[expected + 1 + i]?.id !== event.id) return wrong;
      }
      return { kind: 'idempotent', last: stream[expected + events.length] };
    }
    return expected === current ? { kind: 'ok' } : wrong;
  }

  private firstIndex(predicate: (event: StoredEvent) => boolean): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (predicate(this.all[mid])) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

function recordSize(event: StoredEvent): number {
  return (
    RECORD_OVERHEAD +
    Buffer.byteLength(event.streamId) +
    Buffer.byteLength(event.type) +
    event.data.length +
    event.metadata.length
  );
}
