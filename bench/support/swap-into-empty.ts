import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { READ_MODEL_RUNNER } from '../../src/platform/read-model/read-model-database';
import { SwapFigures } from '../../src/platform/read-model/rebuild/read-model-swap';
import { swapInRebuiltTablesOffThread } from '../../src/platform/read-model/rebuild/swap-thread';

export interface SwapBenchFigures extends SwapFigures {
  /** Reads the event loop answered on the live file while the worker copied. */
  readsDuring: number;
  /** The event loop's longest delay meanwhile: what a request waited at worst. */
  maxEventLoopDelayMs: number;
}

/**
 * Times the admin rebuild's swap (the copy into the live tables, in one transaction, on a worker
 * thread) for a rebuilt file: into a new live file that has the same schema and no rows yet, so
 * it measures the copy alone (a real swap also deletes the old rows first). Meanwhile the event
 * loop reads the live file the way requests do, and its delays are recorded.
 */
export async function swapIntoEmptyReadModel(
  rebuiltFile: string,
  liveFile: string,
): Promise<SwapBenchFigures> {
  const live = new Database(liveFile);
  try {
    live.pragma('journal_mode = WAL');
    live.pragma('synchronous = NORMAL');
    live.prepare('ATTACH DATABASE ? AS rebuilt').run(rebuiltFile);
    const ddl = live
      .prepare('SELECT sql FROM rebuilt.sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC')
      .pluck()
      .all() as string[];
    live.exec('DETACH DATABASE rebuilt');
    for (const sql of ddl) live.exec(sql);

    const read = live.prepare('SELECT position FROM projection_checkpoint WHERE name = ?').pluck();
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    let done = false;
    let readsDuring = 0;
    const swap = swapInRebuiltTablesOffThread(liveFile, rebuiltFile, READ_MODEL_RUNNER).finally(
      () => (done = true),
    );
    while (!done) {
      read.get(READ_MODEL_RUNNER);
      readsDuring++;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const figures = await swap;
    delay.disable();
    return { ...figures, readsDuring, maxEventLoopDelayMs: Math.round(delay.max / 1e6) };
  } finally {
    live.close();
  }
}
