import type { Database } from 'better-sqlite3';
import { RecordedEvent } from '../event-store/event-store.port';

/**
 * A small function from event to SQL. `apply` runs inside the runner's transaction, together
 * with the checkpoint, so each event is applied exactly once.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the tables or the mapping change: the runner then rebuilds from position 0. */
  readonly version: number;
  /** Creates the tables (idempotent). */
  setup(db: Database): void;
  /** Drops the projection's tables' content, for a rebuild. */
  reset(db: Database): void;
  apply(db: Database, event: RecordedEvent): void;
}

export const PROJECTIONS = Symbol('Projections');
