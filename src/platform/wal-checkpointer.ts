import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

// Runs in the worker: a connection per file, PASSIVE checkpoints (never blocking readers or writers).
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const dbs = workerData.files.map((file) => { const db = new Database(file); db.pragma('busy_timeout = 1000'); return db; });
const checkpoint = (db) => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(db.name + ': ' + String(error)); } };
const timer = setInterval(() => dbs.forEach(checkpoint), workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); for (const db of dbs) { checkpoint(db); db.close(); } parentPort.close(); });
`;

/**
 * Copies write-ahead logs (the read model's, the embedded event store's) back into their
 * database files from one worker thread. Left to SQLite, the commit that crosses the WAL
 * threshold does it (pages written again, then fsync): on the event loop for the read model,
 * stalling every request; on the event store's writer thread, stalling every append.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;

  constructor(
    private readonly files: readonly string[],
    private readonly logger: Logger,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        files: this.files,
        driver: require.resolve('better-sqlite3'),
        intervalMs: this.intervalMs,
      },
    });
    this.worker.on('message', (message: string) => this.logger.warn({ message }, 'WAL checkpoint failed'));
    this.worker.on('error', (error) =>
      this.logger.error({ files: this.files, err: error }, 'WAL checkpointer stopped'),
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
