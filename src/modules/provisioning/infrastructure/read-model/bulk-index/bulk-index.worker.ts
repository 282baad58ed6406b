/**
 * Entry of a bulk load's index thread: builds scim_attr in a file of its own from the documents
 * the projections post (on the second core, while the event loop goes on with the load), then
 * copies it into the loaded read model's empty scim_attr and builds its value index there.
 */
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import {
  openScratchDatabase,
  removeDatabaseFiles,
} from '../../../../../platform/read-model/rebuild/scratch-database';
import { errorMessage } from '../../../../../platform/event-store/sqlite/sqlite-error';
import { directIndexWrites } from '../scim-query/index-writes';
import {
  createScimIndexSchema,
  dropScimValueIndex,
  scimValueIndexDdl,
} from '../scim-query/scim-index.schema';
import {
  BulkIndexWorkerData,
  FromBulkIndex,
  IndexOps,
  PROGRESS,
  ToBulkIndex,
  applyIndexOps,
} from './bulk-index.wire';

function serve(port: MessagePort, { file, target, progress }: BulkIndexWorkerData): void {
  const counters = new Int32Array(progress);
  const send = (message: FromBulkIndex) => port.postMessage(message);
  let failure: string | undefined;
  const fail = (error: unknown) => {
    if (failure) return;
    failure = errorMessage(error);
    Atomics.store(counters, PROGRESS.failed, 1);
    Atomics.notify(counters, PROGRESS.applied);
    send({ kind: 'failed', message: failure });
  };
  let db: ReturnType<typeof openScratchDatabase> | undefined;
  try {
    db = openScratchDatabase(file);
    createScimIndexSchema(db);
    // Built once, by one sort, in the loaded file at the end: maintained row by row here, the
    // value index cost this thread 4 to 5 CPU seconds a million events, which the two vCPUs
    // took from the load (docs/performance.md, session 14).
    dropScimValueIndex(db);
  } catch (error) {
    fail(error);
  }
  const writes = db && directIndexWrites(db);
  const applyBatch = db && writes && db.transaction((ops: IndexOps) => applyIndexOps(ops, writes));

  port.on('message', (message: ToBulkIndex) => {
    if (message.kind === 'ops') {
      if (!failure) {
        try {
          applyBatch!(message.ops);
        } catch (error) {
          fail(error);
        }
      }
      Atomics.add(counters, PROGRESS.applied, 1);
      Atomics.notify(counters, PROGRESS.applied);
      return;
    }
    let copied: { rows: number; ms: number } | undefined;
    try {
      if (!failure) copied = copyInto(db!, target);
    } catch (error) {
      fail(error);
    }
    // Its file gone before the answer: the loader's directory holds only what it loaded.
    if (db?.open) db.close();
    removeDatabaseFiles(file);
    if (copied) send({ kind: 'finished', ...copied });
    port.close();
  });
}

/**
 * Into the target's scim_attr, which the load left empty and without its value index. Between
 * identical tables `INSERT ... SELECT *` is SQLite's transfer optimization (records copied in
 * order, not decoded: 2.9M rows in 0.25 s); the value index is then built in one sort, on two
 * threads (nothing else runs at the end of the load): about a second for a million events.
 */
function copyInto(db: ReturnType<typeof openScratchDatabase>, target: string): { rows: number; ms: number } {
  const started = performance.now();
  db.prepare('ATTACH DATABASE ? AS target').run(target);
  try {
    db.pragma('target.journal_mode = MEMORY');
    db.pragma('target.synchronous = OFF');
    db.pragma('threads = 2');
    const rows = db.transaction(() => {
      const copied = db.prepare('INSERT INTO target.scim_attr SELECT * FROM main.scim_attr').run().changes;
      db.exec(scimValueIndexDdl('target'));
      return copied;
    })();
    return { rows, ms: Math.round(performance.now() - started) };
  } finally {
    db.exec('DETACH DATABASE target');
  }
}

if (parentPort) serve(parentPort, workerData as BulkIndexWorkerData);
