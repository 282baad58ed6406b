import type { Database } from 'better-sqlite3';
import { RecordedEvent } from '../event-store/event-store.port';
import { Position } from '../event-store/position';

export interface CommittedBatch {
  events: number;
  last: Position;
}

/**
 * A batch applied event by event as the events arrive, in a transaction left open between them
 * (BEGIN at the first event, COMMIT in commit()). Nothing is buffered: a decoded event is
 * garbage as soon as it is applied instead of surviving into V8's old generation with its
 * whole batch (~100 MB of peak heap in a replay). Only for a connection that nobody else uses
 * meanwhile (a bulk load into a scratch file): a reader on it would see the open transaction.
 */
export class StreamedBatch {
  private events = 0;
  private last: Position | undefined;

  constructor(
    private readonly db: Database,
    /** Applies one event to the projections. */
    private readonly applyEvent: (event: RecordedEvent) => void,
    /** Runs in the transaction before COMMIT: endBatch of the projections, the checkpoint. */
    private readonly beforeCommit: (last: Position) => void,
  ) {}

  get size(): number {
    return this.events;
  }

  /** Throws what the projections throw; the caller then calls rollback(). */
  add(event: RecordedEvent): void {
    if (this.events === 0) this.db.exec('BEGIN');
    this.events += 1;
    this.last = event.position;
    this.applyEvent(event);
  }

  /** Commits the batch; undefined when it is empty. Throws like add(). */
  commit(): CommittedBatch | undefined {
    if (this.events === 0 || !this.last) return undefined;
    const batch = { events: this.events, last: this.last };
    this.beforeCommit(batch.last);
    this.db.exec('COMMIT');
    this.events = 0;
    this.last = undefined;
    return batch;
  }

  rollback(): void {
    if (this.db.open && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.events = 0;
    this.last = undefined;
  }
}
