import type { Database, Transaction } from 'better-sqlite3';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { DuplicateEventIdError } from './duplicate-event-id.error';
import { errorMessage } from './sqlite-error';
import { StreamAppender } from './stream-appender';
import { WireItem, WireOutcome, toWireError } from './writer-thread/wire';

/**
 * Writes a group of items in ONE transaction (one fsync). Each item (one caller's appends) is
 * checked on its own and gets its own outcome: all of its appends are stored, or none; a failure
 * of the transaction itself fails them all, and then nothing of the group is stored.
 * Synchronous: it runs on the writer thread.
 */
export class BatchAppender {
  private readonly appender: StreamAppender;
  private readonly writeBatchTransaction: Transaction<(batch: WireItem[]) => WireOutcome[]>;
  /** Nested inside the batch transaction, better-sqlite3 runs this in a SAVEPOINT. */
  private readonly appendInSavepoint: Transaction<(item: WireItem) => WireOutcome>;

  constructor(private readonly db: Database) {
    this.appender = new StreamAppender(db);
    this.writeBatchTransaction = db.transaction((batch: WireItem[]) =>
      batch.map((item) => this.tryAppend(item)),
    );
    this.appendInSavepoint = db.transaction((item: WireItem) => this.appendDirect(item));
  }

  write(batch: WireItem[]): WireOutcome[] {
    try {
      return this.writeBatchTransaction(batch);
    } catch (error) {
      // Nothing of the batch is stored (the transaction rolled back or never committed).
      const failed = writeFailed(error);
      return batch.map(() => failed);
    }
  }

  private tryAppend(item: WireItem): WireOutcome {
    try {
      // A single-event append needs no savepoint: a failed INSERT undoes itself, checks write nothing.
      const single = item.length === 1 && item[0].events.length === 1;
      return single ? this.appendDirect(item) : this.appendInSavepoint(item);
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

  private appendDirect(item: WireItem): WireOutcome {
    return {
      ok: true,
      appended: item.map((append) => this.appender.append(append.streamId, append.events, append.expected)),
    };
  }
}

function writeFailed(error: unknown): WireOutcome {
  return {
    ok: false,
    error: { kind: 'unavailable', message: `SQLite event store write failed: ${errorMessage(error)}` },
  };
}
