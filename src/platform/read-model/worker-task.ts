import { Worker } from 'node:worker_threads';

/**
 * Runs `source` (CommonJS, evaluated) on a worker thread and resolves with what it posts as
 * `{ result }`, or rejects with what it posts as `{ error }` or with the worker's own failure.
 * For SQLite work that would hold the event loop for seconds: the worker opens its own connection.
 */
export function runWorkerTask<T>(source: string, workerData: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), ...workerData },
    });
    let answered = false;
    worker.once('message', (message: { result?: T; error?: string }) => {
      answered = true;
      if ('result' in message) resolve(message.result as T);
      else reject(new Error(message.error ?? 'the worker task failed'));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the worker exited with code ${code} before answering`));
    });
  });
}
