import { ProjectionModule } from '../projection';
import { WireEvent } from './wire-event';

/** What the read model's writer thread is started with. */
export interface ReadModelWriterData {
  /** The read model's file, opened on a connection of the thread's own. */
  file: string;
  /** The checkpoint row the thread writes with each batch. */
  runner: string;
  /** The projections, in the runner's order. */
  projections: readonly ProjectionModule[];
}

export interface ApplyBatch {
  id: number;
  /** Upcast already, in $all order. */
  events: readonly WireEvent[];
  /** formatPosition of the last event. */
  checkpoint: string;
}

/** The batch committed, or was rolled back for `error` (message and SQLite code, if any). */
export type BatchOutcome =
  { id: number; ok: true } | { id: number; ok: false; error: { message: string; code?: string } };
