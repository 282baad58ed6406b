import { randomUUID } from 'node:crypto';
import { Position, formatPosition } from '../../event-store/position';
import { READ_MODEL_RUNNER } from '../read-model-database';
import { SwapFigures } from './read-model-swap';
import { ReplayCancelledError, ReplaySources, ScratchReadModel } from './scratch-read-model';
import { swapInRebuiltTablesOffThread } from './swap-thread';

/** The longest a rebuild's replay holds the server's event loop at a time (see yieldEveryMs). */
const REBUILD_SLICE_MS = 10;

export type RebuildStatus = 'replaying' | 'swapping' | 'completed' | 'failed' | 'cancelled';

/** What a rebuild needs from the live read model: its file and a way to hold its writers. */
export interface LiveReadModel {
  /** The live database file, which the swap opens on a connection of its own. */
  readonly file: string;
  /**
   * Stops every writer of the live file once the delivered events are applied (requests waiting
   * for their writes wait on); resolves with the checkpoint.
   */
  pause(): Promise<Position | null>;
  /** Follows $all again from the checkpoint stored in the database; writers go on. */
  resume(): void;
}

export interface RebuildView {
  rebuildId: string;
  status: RebuildStatus;
  startedAt: string;
  finishedAt: string | null;
  /** The store's head when the rebuild started: the replay's first goal. */
  targetPosition: string | null;
  eventsApplied: number;
  swap: SwapFigures | null;
  error: string | null;
}

/**
 * Replays the read model from position 0 into a scratch file while the live one keeps serving,
 * then swaps the rebuilt tables in:
 *  1. replay into the scratch file up to the store's head;
 *  2. pause the live runner (its checkpoint L stops moving; SCIM reads the live tables still);
 *  3. let the replay reach L too, so the swap never takes the read model back in time (a read
 *     after an acknowledged write keeps finding it), then stop it;
 *  4. in one transaction on a worker thread's connection, copy the tables and the replay's
 *     checkpoint; the event loop meanwhile goes on answering reads from the old tables;
 *  5. resume the live runner: it continues from the new checkpoint.
 * Whatever happens, the live runner is resumed and the scratch file deleted.
 */
export class ReadModelRebuild {
  readonly id = randomUUID();
  readonly startedAt = new Date().toISOString();
  private status: RebuildStatus = 'replaying';
  private finishedAt: string | null = null;
  private target: Position | null = null;
  private swap: SwapFigures | null = null;
  private failure: string | null = null;
  private cancelled = false;
  private done: Promise<void> | undefined;
  readonly scratch: ScratchReadModel;

  constructor(
    private readonly sources: ReplaySources,
    private readonly live: LiveReadModel,
    file: string,
  ) {
    this.scratch = ScratchReadModel.open(file, sources, { yieldEveryMs: REBUILD_SLICE_MS });
  }

  get active(): boolean {
    return this.status === 'replaying' || this.status === 'swapping';
  }

  start(): void {
    this.done = this.run();
  }

  /** Stops a running rebuild (shutdown); the live read model stays as it was. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.done;
  }

  view(): RebuildView {
    return {
      rebuildId: this.id,
      status: this.status,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      targetPosition: this.target ? formatPosition(this.target) : null,
      eventsApplied: this.scratch.runner.applied,
      swap: this.swap,
      error: this.failure,
    };
  }

  private async run(): Promise<void> {
    const isCancelled = () => this.cancelled;
    let paused = false;
    try {
      this.scratch.start();
      this.target = await this.sources.store.headPosition();
      await this.scratch.reach(this.target, isCancelled);
      this.status = 'swapping';
      // Before the await: whatever pause() did before failing (writers held), resume() undoes.
      paused = true;
      const livePosition = await this.live.pause();
      await this.scratch.reach(livePosition, isCancelled);
      await this.scratch.close();
      this.swap = await swapInRebuiltTablesOffThread(this.live.file, this.scratch.file, READ_MODEL_RUNNER);
      this.status = 'completed';
      this.sources.logger.info({ rebuildId: this.id, ...this.swap }, 'read model rebuilt and swapped in');
    } catch (error) {
      this.status = error instanceof ReplayCancelledError ? 'cancelled' : 'failed';
      this.failure = error instanceof Error ? error.message : String(error);
      const log = this.status === 'cancelled' ? this.sources.logger.warn : this.sources.logger.error;
      log.call(this.sources.logger, { rebuildId: this.id, err: error }, `read model rebuild ${this.status}`);
    } finally {
      if (paused) this.resumeLive();
      await this.scratch.close().catch(() => undefined);
      this.scratch.discard();
      this.finishedAt = new Date().toISOString();
    }
  }

  private resumeLive(): void {
    try {
      this.live.resume();
    } catch (error) {
      // Only when the database is going away (shutdown): the next start resumes from the checkpoint.
      this.sources.logger.error(
        { rebuildId: this.id, err: error },
        'read model not resumed after the rebuild',
      );
    }
  }
}
