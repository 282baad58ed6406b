import type { Database, Statement } from 'better-sqlite3';
import { EVENT_COLUMNS, type EventRow } from './event-row';

/** Rows per query: big enough to amortise the query, small enough to keep memory flat. */
export const PAGE_SIZE = 1000;

/** Prepared, paged (keyset) reads; each returns raw rows, decoded later one by one. */
export class EventQueries {
  private readonly allAfter: Statement<[number, number], EventRow>;
  private readonly streamForwards: Statement<[string, number, number], EventRow>;
  private readonly streamBackwards: Statement<[string, number, number], EventRow>;
  private readonly head: Statement<[], number | null>;
  private readonly one: Statement<[], number>;

  constructor(db: Database) {
    this.allAfter = db
      .prepare<[number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .raw();
    this.streamForwards = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw();
    this.streamBackwards = db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw();
    this.head = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
    this.one = db.prepare<[], number>('SELECT 1').pluck();
  }

  /** Events strictly after `position`, in $all order. */
  allPage(position: number, limit: number): EventRow[] {
    return this.allAfter.all(position, limit);
  }

  /** Forwards: revisions >= `from`; backwards: revisions <= `from`, newest first. */
  streamPage(streamId: string, from: number, limit: number, direction: 'forwards' | 'backwards'): EventRow[] {
    const statement = direction === 'forwards' ? this.streamForwards : this.streamBackwards;
    return statement.all(streamId, from, limit);
  }

  headPosition(): number | null {
    return this.head.get() ?? null;
  }

  ping(): void {
    this.one.get();
  }
}
