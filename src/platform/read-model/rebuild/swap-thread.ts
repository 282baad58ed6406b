import { builtWorkerScript } from '../../threads/built-worker-script';
import { runWorkerTask } from '../worker-task';
import type { SwapFigures } from './read-model-swap';

// Runs in the worker: its own connection to the live file, the copy in one transaction there.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const { swapInRebuiltTables } = require(workerData.module);
const db = new Database(workerData.liveFile);
try {
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -16384');
  parentPort.postMessage({ result: swapInRebuiltTables(db, workerData.rebuiltFile, workerData.runnerName) });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  db.close();
}
`;

/** The compiled JavaScript of read-model-swap for the worker to require (see builtWorkerScript). */
function swapModule(): string {
  const script = builtWorkerScript(__dirname, 'read-model-swap.js');
  if (!script) throw new Error('read-model-swap.js is not built: run npm run build');
  return script;
}

/**
 * swapInRebuiltTables on a worker thread, so that the event loop keeps answering while the rows
 * are copied (seconds for a big read model): with WAL, each statement of its connection reads
 * the old tables until the worker commits, then the new ones, never a mix. (A request that reads
 * twice at that very moment, a list's page and then its count, may get one answer from each.)
 * The caller must keep every writer of the live file still meanwhile, or it would wait on the
 * worker's write lock with the event loop held.
 */
export function swapInRebuiltTablesOffThread(
  liveFile: string,
  rebuiltFile: string,
  runnerName: string,
): Promise<SwapFigures> {
  return runWorkerTask<SwapFigures>(WORKER_SOURCE, {
    module: swapModule(),
    liveFile,
    rebuiltFile,
    runnerName,
  });
}
