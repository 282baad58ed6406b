import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStore } from '../../event-store/event-store.port';
import { Position, comparePositions, formatPosition } from '../../event-store/position';
import { EventSchemaRegistry } from '../../es/event-schema-registry';
import { ProjectionFactory } from '../projection';
import { ProjectionRunner, ProjectionRunnerOptions } from '../projection-runner';
import { READ_MODEL_RUNNER } from '../read-model-database';
import { execOnScratchOffThread } from './exec-off-thread';
import { openScratchDatabase, removeDatabaseFiles } from './scratch-database';

/** What a replay needs: the log, the schema registry (upcasters) and the projections to run. */
export interface ReplaySources {
  store: EventStore;
  schemas: EventSchemaRegistry;
  factories: readonly ProjectionFactory[];
  logger: Logger;
}

export class ReplayCancelledError extends Error {
  constructor() {
    super('the replay was cancelled');
    this.name = 'ReplayCancelledError';
  }
}

const POLL_MS = 20;

/**
 * The read model replayed from position 0 into a scratch file by a runner of its own, over
 * fresh projection instances, under the live checkpoint's name so that the file can be swapped
 * in as it is. The admin rebuild, the replay tool and the replay benchmark all go through here.
 * The file is new and nobody reads it before the replay has caught up: the runner loads in bulk
 * until the first reach() is done (then follows in normal mode, up to the swap).
 */
export class ScratchReadModel {
  private constructor(
    readonly file: string,
    private readonly db: Database,
    readonly runner: ProjectionRunner,
  ) {}

  static open(file: string, sources: ReplaySources, options: ProjectionRunnerOptions = {}): ScratchReadModel {
    const db = openScratchDatabase(file);
    const projections = sources.factories.map((create) => create());
    const runner = new ProjectionRunner(
      READ_MODEL_RUNNER,
      sources.store,
      db,
      projections,
      sources.schemas,
      sources.logger,
      { ...options, bulkLoad: true },
    );
    return new ScratchReadModel(file, db, runner);
  }

  start(): void {
    this.runner.start();
  }

  /**
   * Resolves once every event up to `target` is applied (at once for null: an empty log), with
   * the bulk load ended: the file is then complete, indexes included (built on a worker thread).
   */
  async reach(target: Position | null, cancelled: () => boolean = () => false): Promise<void> {
    for (;;) {
      if (this.runner.error) throw this.runner.error;
      const position = this.runner.position;
      if (target === null || (position !== null && comparePositions(position, target) >= 0)) {
        await this.runner.endBulkLoadElsewhere((statements) => execOnScratchOffThread(this.file, statements));
        return;
      }
      if (cancelled()) throw new ReplayCancelledError();
      if (this.runner.state !== 'running')
        throw new Error(
          `the replay stopped at ${position ? formatPosition(position) : 'the start'} before ${formatPosition(target)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Stops the replay and closes the file (complete on disk, ready to be attached elsewhere). */
  async close(): Promise<void> {
    await this.runner.stop();
    if (this.db.open) this.db.close();
  }

  discard(): void {
    removeDatabaseFiles(this.file);
  }
}

export interface ReplayFigures {
  events: number;
  position: Position | null;
  seconds: number;
  /** CPU time of the whole process meanwhile: the rate per CPU second holds on a busy machine too. */
  cpuSeconds: number;
}

/**
 * Events per transaction when nothing else runs on the event loop (see bulkBatchSize). With the
 * bulk index thread, 16,000 replayed 1M events in 8.4 to 9.3 s against 9.2 to 9.9 s for 8,000
 * (five pairs, alternated); 4,000 and 32,000 were no better (docs/performance.md, session 14). A
 * user whose events span two batches is written twice, and every batch is a commit and a message.
 */
const OFFLINE_BULK_BATCH = 16_000;

/**
 * Replays the log from 0 up to `until` (or to the head found at the start) into `file`, then
 * closes it. Throws when a projection fails.
 */
export async function replayIntoFile(
  sources: ReplaySources,
  file: string,
  until?: Position | null,
): Promise<ReplayFigures> {
  const target = until === undefined ? await sources.store.headPosition() : until;
  // Offline (the replay tool): no requests share this event loop, so bigger batches.
  const scratch = ScratchReadModel.open(file, sources, {
    bulkBatchSize: OFFLINE_BULK_BATCH,
    ...(target ? { until: target } : {}),
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    scratch.start();
    await scratch.reach(target);
  } finally {
    await scratch.close();
  }
  return {
    events: scratch.runner.applied,
    position: scratch.runner.position,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSecondsSince(cpu),
  };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
