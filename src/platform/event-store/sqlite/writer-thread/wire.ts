import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../../event-store.errors';
import type { AppendResult, ExpectedRevision, NewEvent } from '../../event-store.port';
import { DuplicateEventIdError } from '../duplicate-event-id.error';

/**
 * What crosses between the event loop and the writer thread. Data and metadata travel as the
 * JSON text that is stored: serialized once, on the event loop, when the append is queued, so
 * the caller may change its objects afterwards.
 */
export interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

export interface WireAppend {
  streamId: string;
  events: SerializedEvent[];
  expected: ExpectedRevision;
}

/**
 * One caller's entry in a group: its appends, stored all or none (one stream for an ordinary
 * append; several for EventStore.appendAtomically).
 */
export type WireItem = readonly WireAppend[];

/** What one append of an item stored: see Appended. */
export interface WireWritten {
  revision: number;
  position: number;
  written: boolean;
}

export type WireError =
  | { kind: 'wrong-revision'; streamId: string; expected: ExpectedRevision; actual: number }
  | { kind: 'duplicate-id'; streamId: string; eventId: string; detail: string }
  | { kind: 'unavailable'; message: string };

/** An item's outcome: what each of its appends stored, in order, or why none was. */
export type WireOutcome = { ok: true; appended: WireWritten[] } | { ok: false; error: WireError };

export type ToWriter = { kind: 'write'; id: number; batch: WireItem[] } | { kind: 'close' };

export type FromWriter =
  | { kind: 'ready' }
  | { kind: 'written'; id: number; outcomes: WireOutcome[] }
  | { kind: 'failed'; message: string };

export function serializeAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): WireAppend {
  return {
    streamId,
    expected,
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
    })),
  };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof WrongExpectedRevisionError) {
    const { streamId, expected, actual } = error;
    return { kind: 'wrong-revision', streamId, expected, actual };
  }
  if (error instanceof DuplicateEventIdError) {
    const { streamId, eventId, detail } = error;
    return { kind: 'duplicate-id', streamId, eventId, detail };
  }
  return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
}

export function fromWireError(error: WireError): Error {
  switch (error.kind) {
    case 'wrong-revision':
      return new WrongExpectedRevisionError(error.streamId, error.expected, error.actual);
    case 'duplicate-id':
      return new DuplicateEventIdError(error.streamId, error.eventId, error.detail);
    case 'unavailable':
      return new EventStoreUnavailableError(error.message);
  }
}

export function toAppendResult(outcome: { revision: number; position: number }): AppendResult {
  const position = BigInt(outcome.position);
  return { nextExpectedRevision: outcome.revision, position: { commit: position, prepare: position } };
}
