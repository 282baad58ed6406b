import type { Database, Statement } from 'better-sqlite3';
import type { ExpectedRevision } from '../event-store.port';
import { DuplicateEventIdError } from './duplicate-event-id.error';
import { checkExpectedRevision } from './expected-revision';
import { hasSqliteCode } from './sqlite-error';
import type { SerializedEvent } from './writer-thread/wire';

type StoredEvent = [streamId: string, revision: number, position: number];

/** The stream's revision after the append and the position of its last event. */
export interface Appended {
  revision: number;
  position: number;
  /** False for the answer to an idempotent retry: the events were stored before, nothing now. */
  written: boolean;
}

/**
 * Writes one append inside the caller's (batch) transaction: expected revision check, inserts,
 * and the idempotent-retry answer when either refuses. Synchronous; throws
 * WrongExpectedRevisionError / DuplicateEventIdError. It does not roll itself back: the caller
 * wraps multi-event appends in a savepoint.
 */
export class StreamAppender {
  private readonly lastRevision: Statement<[string], number>;
  private readonly storedEvent: Statement<[string], StoredEvent>;
  private readonly insert: Statement<[string, string, number, string, string, string]>;

  constructor(db: Database) {
    this.lastRevision = db
      .prepare<[string], number>('SELECT max(revision) FROM events WHERE stream_id = ?')
      .pluck();
    this.storedEvent = db
      .prepare<[string], StoredEvent>('SELECT stream_id, revision, position FROM events WHERE event_id = ?')
      .raw();
    this.insert = db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  append(streamId: string, events: readonly SerializedEvent[], expected: ExpectedRevision): Appended {
    const actual = this.lastRevision.get(streamId) ?? -1;
    try {
      checkExpectedRevision(streamId, expected, actual);
    } catch (error) {
      // A retry of an append that already went through fails the check (the stream moved on).
      const retried = this.storedResult(streamId, events);
      if (retried) return retried;
      throw error;
    }

    let revision = actual;
    let position = 0;
    for (let i = 0; i < events.length; i++) {
      revision++;
      const inserted = this.insertEvent(streamId, revision, events[i]);
      if (inserted === undefined) {
        // events_by_id refused the id. Nothing of this append is written yet if it was the
        // first event: then it may be a retry. Otherwise the caller's savepoint undoes the rest.
        const retried = i === 0 ? this.storedResult(streamId, events) : undefined;
        if (retried) return retried;
        throw new DuplicateEventIdError(
          streamId,
          events[i].id,
          'repeated within the append or stored elsewhere',
        );
      }
      position = inserted;
    }
    return { revision, position, written: true };
  }

  /** The new event's position, or undefined when its id is already stored. */
  private insertEvent(streamId: string, revision: number, event: SerializedEvent): number | undefined {
    try {
      const { lastInsertRowid } = this.insert.run(
        event.id,
        streamId,
        revision,
        event.type,
        event.data,
        event.metadata,
      );
      return Number(lastInsertRowid);
    } catch (error) {
      // Only events_by_id can clash: the revision was computed from the stream's head just now.
      if (hasSqliteCode(error, 'SQLITE_CONSTRAINT')) return undefined;
      throw error;
    }
  }

  /**
   * A retried append (same ids, same stream, same order, all stored) answers its original result
   * and writes nothing, whatever the expected revision says. Looked up only when the append
   * cannot go through as new (revision check or unique id refused it): the hot path does no
   * extra lookup. Checking the first id tells whether this can be a retry; the rest must match.
   */
  private storedResult(streamId: string, events: readonly SerializedEvent[]): Appended | undefined {
    const first = this.storedEvent.get(events[0].id);
    if (!first) return undefined;
    let last = first;
    for (let i = 0; i < events.length; i++) {
      const id = events[i].id;
      const stored = i === 0 ? first : this.storedEvent.get(id);
      if (!stored) {
        throw new DuplicateEventIdError(
          streamId,
          events[0].id,
          `the append mixes it with the new event ${id}`,
        );
      }
      if (stored[0] !== streamId) {
        throw new DuplicateEventIdError(streamId, id, `it belongs to stream ${stored[0]}`);
      }
      if (i > 0 && stored[1] !== last[1] + 1) {
        throw new DuplicateEventIdError(streamId, id, 'the stored events are in another order');
      }
      last = stored;
    }
    return { revision: last[1], position: last[2], written: false };
  }
}
