import { Worker } from 'node:worker_threads';
import { LogThrottle } from '../logging/log-throttle';
import type { Logger } from 'pino';

// Runs in the worker: a connection per database, PASSIVE checkpoints (never blocking readers or
// writers), each database on its own timer.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const open = new Map();
function checkpoint(id, db) {
  try { db.pragma('wal_checkpoint(PASSIVE)'); }
  catch (error) { parentPort.postMessage({ kind: 'failed', id, message: String((error && error.message) || error) }); }
}
parentPort.on('message', (message) => {
  const { kind, id } = message;
  if (kind === 'add') {
    try {
      const db = new Database(message.file);
      db.pragma('busy_timeout = 1000');
      open.set(id, { db, timer: setInterval(() => checkpoint(id, db), message.intervalMs) });
    } catch (error) {
      parentPort.postMessage({ kind: 'failed', id, message: String((error && error.message) || error) });
    }
  } else if (kind === 'remove') {
    const entry = open.get(id);
    if (entry) {
      clearInterval(entry.timer);
      open.delete(id);
      try { checkpoint(id, entry.db); } finally { entry.db.close(); }
    }
    parentPort.postMessage({ kind: 'removed', id });
  }
});
`;

type FromWorker = { kind: 'failed'; id: number; message: string } | { kind: 'removed'; id: number };

const STOP_TIMEOUT_MS = 2000;

/**
 * The one thread that checkpoints every database with a WalCheckpointer (the read model, the
 * event store): a thread per database would cost each an isolate (about 8 MB of RSS, against a
 * 300 MB budget).
 */
class CheckpointThread {
  private readonly worker: Worker;
  private readonly members = new Map<number, WalCheckpointer>();
  private readonly removals = new Map<number, () => void>();
  private nextId = 0;
  private dead = false;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3') },
    });
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (error) => {
      this.dead = true;
      for (const member of this.members.values()) member.stopped(error);
      for (const done of this.removals.values()) done();
    });
  }

  get usable(): boolean {
    return !this.dead;
  }

  get empty(): boolean {
    return this.members.size === 0 && this.removals.size === 0;
  }

  add(member: WalCheckpointer, file: string, intervalMs: number): number {
    const id = ++this.nextId;
    this.members.set(id, member);
    this.worker.postMessage({ kind: 'add', id, file, intervalMs });
    return id;
  }

  /** Resolves after the database's last checkpoint and the close of its connection. */
  async remove(id: number): Promise<void> {
    this.members.delete(id);
    if (this.dead) return;
    // Referenced while a removal is pending: the answer must be able to arrive.
    this.worker.ref();
    const removed = new Promise<void>((resolve) => this.removals.set(id, resolve));
    this.worker.postMessage({ kind: 'remove', id });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      removed,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    this.removals.delete(id);
    if (this.removals.size === 0) this.worker.unref();
  }

  terminate(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'removed') this.removals.get(message.id)?.();
    else this.members.get(message.id)?.failed(message.message);
  }
}

let shared: CheckpointThread | undefined;

/**
 * Copies a database's write-ahead log back into its file from a worker thread (one for every
 * WalCheckpointer of the process), for the read model and the event store. Left to SQLite, the commit
 * that crosses the WAL threshold does it (pages written again, then fsync) on the committing
 * thread: for the read model the event loop, stalling every request behind it; for the event
 * store its writer thread, stalling every append (groups of 56 to 208 ms under POST load,
 * against 1.2 to 1.6 ms on average).
 */
export class WalCheckpointer {
  private thread: CheckpointThread | undefined;
  private id = 0;
  private failures = 0;
  // A full disk fails every checkpoint: a log line per 10 s, not one per attempt.
  private readonly failureLog = new LogThrottle(10_000);

  constructor(
    private readonly file: string,
    /** Where a failed checkpoint is reported; none: not reported (tests, benchmarks). */
    private readonly logger: Logger | undefined,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    if (this.thread) return;
    if (!shared?.usable) shared = new CheckpointThread();
    this.thread = shared;
    this.id = shared.add(this, this.file, this.intervalMs);
  }

  /** Last checkpoint, then the connection closes (call it before the database's own connections close). */
  async stop(): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    await thread.remove(this.id);
    if (thread.empty) {
      if (shared === thread) shared = undefined;
      await thread.terminate();
    }
  }

  /**
   * @internal A checkpoint failed (the database stays usable; its WAL grows until one succeeds).
   * Every few hundred ms while a disk is full: logged once per 10 s, with a count.
   */
  failed(message: string): void {
    this.failures++;
    if (!this.failureLog.say()) return;
    this.logger?.warn({ file: this.file, message, failures: this.failures }, 'WAL checkpoint failed');
    this.failures = 0;
  }

  /** @internal The thread died: this database is checkpointed by its commits again. */
  stopped(error: Error): void {
    this.logger?.error({ file: this.file, err: error }, 'WAL checkpointer stopped');
  }
}
