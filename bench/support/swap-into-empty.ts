import Database from 'better-sqlite3';
import { READ_MODEL_RUNNER } from '../../src/platform/read-model/read-model-database';
import { SwapFigures, swapInRebuiltTables } from '../../src/platform/read-model/rebuild/read-model-swap';

/**
 * Times the admin rebuild's swap (the copy into the live tables, in one transaction) for a
 * rebuilt file: into a new live file that has the same schema and no rows yet, so it measures
 * the copy alone (a real swap also deletes the old rows first).
 */
export function swapIntoEmptyReadModel(rebuiltFile: string, liveFile: string): SwapFigures {
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
    return swapInRebuiltTables(live, rebuiltFile, READ_MODEL_RUNNER);
  } finally {
    live.close();
  }
}
