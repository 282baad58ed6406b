import type { Database, Transaction } from 'better-sqlite3';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { DuplicateEventIdError } from './duplicate-event-id.error';
import { errorMessage } from './sqlite-error';
import { StreamAppender } from './stream-appender';
import { WireAppend, WireOutcome, toWireError } from './writer-thread/wire';

/**
 * Writes a group of appends in ONE transaction (one fsync). Each append is checked on its own
 * and gets its own outcome; a failure of the transaction itself fails them all, and then
 * nothing of the group is stored. Synchronous: it runs on the writer thread.
 */
export class BatchAppender {
  private readonly appender: StreamAppender;
  private readonly writeBatchTransaction: Transaction<(batch: WireAppend[]) => WireOutcome[]>;
  /** Nested inside the batch transaction, better-sqlite3 runs this in a SAVEPOINT. */
  private readonly appendInSavepoint: Transaction<(item: WireAppend) => WireOutcome>;

  constructor(private readonly db: Database) {
    this.appender = new StreamAppender(db);
    this.writeBatchTransaction = db.transaction((batch: WireAppend[]) =>
      batch.map((item) => this.tryAppend(item)),
    );
    this.appendInSavepoint = db.transaction((item: WireAppend) => this.appendDirect(item));
  }

  write(batch: WireAppend[]): WireOutcome[] {
    try {
      return this.writeBatchTransaction(batch);
    } catch (error) {
      // Nothing of the batch is stored (the transaction rolled back or never committed).
      const failed = writeFailed(error);
      return batch.map(() => failed);
    }
  }

  private tryAppend(item: WireAppend): WireOutcome {
    try {
      // A single-event append needs no savepoint: a failed INSERT undoes itself, checks write nothing.
      return item.events.length === 1 ? this.appendDirect(item) : this.appendInSavepoint(item);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
        return { ok: false, error: toWireError(error) };
      }
      // SQLite may have rolled back the whole transaction (disk full, I/O error): later appends
      // would then autocommit one by one outside the batch, so abort the batch instead.
      if (!this.db.inTransaction) throw error;
      return writeFailed(error);
    }
  }

  private appendDirect(item: WireAppend): WireOutcome {
    const { revision, position, written } = this.appender.append(item.streamId, item.events, item.expected);
    return { ok: true, revision, position, written };
  }
}

function writeFailed(error: unknown): WireOutcome {
  return {
    ok: false,
    error: { kind: 'unavailable', message: `SQLite event store write failed: ${errorMessage(error)}` },
  };
}
