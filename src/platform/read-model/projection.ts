import type { Database } from 'better-sqlite3';
import { RecordedEvent } from '../event-store/event-store.port';
import { builtWorkerScript } from '../threads/built-worker-script';

/**
 * A small function from event to SQL. `apply` runs inside the runner's transaction, together
 * with the checkpoint, so each event is applied exactly once.
 *
 * A projection's tables are the ones its `setup` creates: a rebuild runs every `setup` on an
 * empty scratch database, so whatever exists there afterwards is the read model to swap in
 * (no table list to keep in step with the DDL).
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
  /**
   * Optional, for write-behind: called once per batch, after its last `apply` and before the
   * checkpoint, in the same transaction. A projection that keeps the documents a batch changes in
   * memory writes each once here instead of once per event (a replay applies thousands per batch).
   * The runner calls it on the projections in the order they were registered.
   */
  endBatch?(db: Database): void;
  /**
   * Optional bulk load, for a replay into a brand-new database (a rebuild's scratch file) that
   * nobody reads until it has caught up. Between `beginBulkLoad` (after `setup`, tables empty)
   * and `endBulkLoad` a projection may write rows without reading what it wrote before (no
   * diffs) and leave secondary indexes that only readers need to `endBulkLoad`, which builds
   * them in one sort. After `endBulkLoad` the tables must be complete: it may be followed by
   * normal batches, a swap or queries. Each runs in its own transaction.
   */
  beginBulkLoad?(db: Database): void;
  /**
   * Optional, with a bulk load that hands writes to another thread: resolves once they are all
   * in the database. Called when the bulk load ends, before the deferred statements, with no
   * transaction open on the runner's connection.
   */
  settleBulkLoad?(): Promise<void>;
  endBulkLoad?(db: Database): void;
  /**
   * Optional, with a bulk load: the statements that build what `beginBulkLoad` left out (CREATE
   * INDEX), run when the bulk load ends, before `endBulkLoad`. Plain SQL on the projection's own
   * tables, so that the runner may run them on another connection (a worker thread).
   */
  bulkLoadDeferredSql?(): readonly string[];
  /**
   * Optional, for state kept beside the tables on the runner's side (a cache of rows): called
   * with a batch's events once its transaction has committed, on the runner's thread. A runner
   * that applies its batches on another thread (BatchApplier) calls it on its own instances,
   * which never `apply`, so the state must follow from the events alone.
   */
  committed?(events: readonly RecordedEvent[]): void;
}

/**
 * Makes a fresh projection. Projections cache statements prepared on one connection, so each
 * runner (the live one, a rebuild's scratch one, the replay tool's) needs its own instances.
 */
export type ProjectionFactory = () => Projection;

/**
 * Where a worker thread finds a projection: the compiled module (builtWorkerScript) and the
 * class it exports, constructed without arguments. A projection registered with one can be
 * applied on the read model's writer thread (thread/read-model-writer.worker.ts).
 */
export interface ProjectionModule {
  file: string;
  className: string;
}

export const PROJECTIONS = Symbol('Projections');

/** The ProjectionModule of class `className` in `file` (compiled) in `dirname`; undefined unbuilt. */
export function projectionModule(
  dirname: string,
  file: string,
  className: string,
): ProjectionModule | undefined {
  const script = builtWorkerScript(dirname, file);
  return script ? { file: script, className } : undefined;
}
