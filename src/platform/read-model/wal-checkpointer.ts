import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

// Runs in the worker: its own connection, PASSIVE checkpoints (never blocking readers or writers).
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); } parentPort.close(); });
`;

/**
 * Copies the read model's write-ahead log back into the database file from a worker thread.
 * Left to SQLite, the commit that crosses the WAL threshold does it (pages written again, then
 * fsync) on the event loop, stalling every request behind it under write load.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.file, driver: require.resolve('better-sqlite3'), intervalMs: this.intervalMs },
    });
    this.worker.on('message', (message: string) =>
      this.logger.warn({ file: this.file, message }, 'WAL checkpoint failed'),
    );
    this.worker.on('error', (error) =>
      this.logger.error({ file: this.file, err: error }, 'WAL checkpointer stopped'),
    );
    this.worker.unref();
  }

  /** Last checkpoint, then the worker's connection closes (before the main one does). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000))]);
    await worker.terminate();
  }
}
