import type BetterSqlite3 from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { scratchSideFile } from '../../../../../platform/read-model/rebuild/scratch-database';
import { builtWorkerScript } from '../../../../../platform/threads/built-worker-script';
import { IndexWrites, directIndexWrites } from '../scim-query/index-writes';
import {
  BulkIndexWorkerData,
  FromBulkIndex,
  IndexOpsRecorder,
  PROGRESS,
  ToBulkIndex,
} from './bulk-index.wire';

/** The index writes of a bulk load, shared by the projections that write scim_attr. */
export interface BulkIndexWrites {
  /** Where the projections' scim_attr writes go during the load. */
  readonly writes: IndexWrites;
  /** Hands what was written since the last call to the index thread (at the end of each batch). */
  send(): void;
  /**
   * Resolves once every row is in the loaded file's scim_attr (with its value index when
   * buildsValueIndex). Call it with no transaction open on the file: another connection writes it.
   */
  finish(): Promise<void>;
  /** finish() builds scim_attr_value; otherwise the load's deferred statements must. */
  readonly buildsValueIndex: boolean;
}

// One per loaded database: both projections' writes go through the same thread, in order.
const writers = new WeakMap<BetterSqlite3.Database, BulkIndexWrites>();

/**
 * The scim_attr writes of a bulk load into `db` (the same object for every projection until
 * finish()). A file's are written by a thread of its own (BulkIndexThread); an in-memory
 * database cannot be shared with a thread, so its writes stay on the connection.
 */
export function startBulkIndexWrites(db: BetterSqlite3.Database): BulkIndexWrites {
  let writes = writers.get(db);
  if (!writes) {
    const release = () => writers.delete(db);
    writes = db.memory ? new InPlaceIndexWrites(db, release) : BulkIndexThread.start(db.name, release);
    writers.set(db, writes);
  }
  return writes;
}

class InPlaceIndexWrites implements BulkIndexWrites {
  readonly buildsValueIndex = false;
  readonly writes: IndexWrites;

  constructor(
    db: BetterSqlite3.Database,
    private readonly release: () => void,
  ) {
    this.writes = directIndexWrites(db);
  }

  send(): void {}

  finish(): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}

// Batches posted and not yet applied before send() waits: bounds what the thread's queue holds
// (a batch's documents) when it falls behind the load.
const MAX_AHEAD = 4;
// The thread's garbage is a batch's documents at a time: a young generation this small (V8's
// default grows to 48 MB) keeps its heap about 20 MB smaller at no measured cost (session 14).
const YOUNG_GENERATION_MB = 8;
// No batch applied for this long while the loader waits: the thread is gone (a crash cannot
// be reported to a loop that is blocked).
const STALLED_MS = 60_000;

/**
 * scim_attr built on the second core (bulk-index.worker.ts): the load's event loop only records
 * each write (a document it has serialised already) and posts a batch's worth at once; the
 * thread indexes the documents into a file of its own and, when the load ends, copies the table
 * into the loaded file and builds its value index. It takes about a fifth of a replay off the
 * event loop (docs/performance.md, session 14).
 */
class BulkIndexThread implements BulkIndexWrites {
  readonly buildsValueIndex = true;
  private readonly recorder = new IndexOpsRecorder();
  private sent = 0;
  private failure: Error | undefined;
  private finishing: Promise<void> | undefined;
  private readonly outcome: Promise<FromBulkIndex>;

  private constructor(
    private readonly worker: Worker,
    private readonly progress: Int32Array,
    private readonly release: () => void,
  ) {
    this.outcome = new Promise((resolve) => {
      // The first word is the outcome: a failure, a crash or an exit before 'finished'.
      let settled = false;
      const settle = (message: FromBulkIndex) => {
        if (settled) return;
        settled = true;
        if (message.kind === 'failed') this.failure ??= new Error(threadFailed(message.message));
        resolve(message);
      };
      worker.on('message', settle);
      worker.on('error', (error) => settle({ kind: 'failed', message: error.message }));
      worker.once('exit', (code) => settle({ kind: 'failed', message: `it exited (code ${code})` }));
    });
    // Until finish(): a load that stops half-way must not be kept alive by its thread.
    worker.unref();
  }

  static start(loaded: string, release: () => void): BulkIndexThread {
    const script = builtWorkerScript(__dirname, 'bulk-index.worker.js');
    if (!script)
      throw new Error('the bulk index thread is not built (bulk-index.worker.js): run npm run build');
    const progress = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    const workerData: BulkIndexWorkerData = {
      file: scratchSideFile(loaded, 'index'),
      target: loaded,
      progress,
    };
    return new BulkIndexThread(
      new Worker(script, { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
      new Int32Array(progress),
      release,
    );
  }

  get writes(): IndexWrites {
    return this.recorder;
  }

  send(): void {
    this.throwIfFailed();
    const ops = this.recorder.take();
    if (ops.length === 0) return;
    this.post({ kind: 'ops', ops });
    this.sent += 1;
    this.waitWhileBehind();
  }

  finish(): Promise<void> {
    return (this.finishing ??= this.end());
  }

  private async end(): Promise<void> {
    try {
      this.send();
      this.post({ kind: 'finish' });
      // Keeps the process alive until the copy is done (a replay tool has nothing else pending).
      this.worker.ref();
      const outcome = await this.outcome;
      if (outcome.kind !== 'finished') throw this.failure ?? new Error(threadFailed(outcome.message));
    } finally {
      this.release();
      void this.worker.terminate();
    }
  }

  private post(message: ToBulkIndex): void {
    this.worker.postMessage(message);
  }

  /**
   * Blocks the loader (synchronous, between its batches) while the thread is more than
   * MAX_AHEAD batches behind. Atomics.wait is allowed on Node's main thread.
   */
  private waitWhileBehind(): void {
    let applied = Atomics.load(this.progress, PROGRESS.applied);
    let since = performance.now();
    while (this.sent - applied > MAX_AHEAD && Atomics.load(this.progress, PROGRESS.failed) === 0) {
      Atomics.wait(this.progress, PROGRESS.applied, applied, 1000);
      const now = Atomics.load(this.progress, PROGRESS.applied);
      if (now !== applied) {
        applied = now;
        since = performance.now();
      } else if (performance.now() - since > STALLED_MS) {
        this.failure ??= new Error(threadFailed(`no batch applied in ${STALLED_MS / 1000} s`));
      }
      this.throwIfFailed();
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
    // The reason comes in a message, which a loop busy with the load has not read yet.
    if (Atomics.load(this.progress, PROGRESS.failed) !== 0)
      throw new Error(threadFailed('its reason is reported when the load ends'));
  }
}

function threadFailed(reason: string): string {
  return `the bulk index thread failed: ${reason}`;
}
