import { runWorkerTask } from '../worker-task';

// Runs in the worker: the scratch file's settings (no durability), SQLite's sorter on helper threads.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
try {
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -8192');
  db.pragma('temp_store = FILE');
  db.pragma('threads = 2');
  const started = performance.now();
  db.transaction(() => { for (const sql of workerData.statements) db.exec(sql); })();
  parentPort.postMessage({ result: performance.now() - started });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
} finally {
  db.close();
}
`;

/**
 * Runs statements (a bulk load's deferred CREATE INDEX) in one transaction on a worker thread's
 * connection to a scratch file: seconds of sorting for a big read model, which would otherwise
 * hold the event loop of the server that rebuilds beside live requests. Resolves with the ms taken.
 * Nothing else may write the file meanwhile.
 */
export function execOnScratchOffThread(file: string, statements: readonly string[]): Promise<number> {
  return runWorkerTask<number>(WORKER_SOURCE, { file, statements: [...statements] });
}
