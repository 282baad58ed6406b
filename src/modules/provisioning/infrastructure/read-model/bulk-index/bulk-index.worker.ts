/**
 * Entry of a bulk load's index thread: builds scim_attr, value index included, in a file of its
 * own from the documents the projections post (on a second core, while the event loop goes on
 * with the load), then copies it into the loaded read model's empty scim_attr in one pass.
 */
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import {
  openScratchDatabase,
  removeDatabaseFiles,
} from '../../../../../platform/read-model/rebuild/scratch-database';
import { errorMessage } from '../../../../../platform/event-store/sqlite/sqlite-error';
import { directIndexWrites } from '../scim-query/index-writes';
import { createScimIndexSchema, scimValueIndexDdl } from '../scim-query/scim-index.schema';
import { BulkIndexWorkerData, FromBulkIndex, PROGRESS, ToBulkIndex, applyIndexOps } from './bulk-index.wire';

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
  } catch (error) {
    fail(error);
  }
  const writes = db && directIndexWrites(db);
  const applyBatch = db && writes && db.transaction((ops: (string | number)[]) => applyIndexOps(ops, writes));

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
 * Into the target's scim_attr, which the load left empty and without its value index: with the
 * index created first, `INSERT ... SELECT *` between identical tables is SQLite's transfer
 * optimization (records and index entries copied in order, no sort): 2.9M rows in 0.6 s.
 */
function copyInto(db: ReturnType<typeof openScratchDatabase>, target: string): { rows: number; ms: number } {
  const started = performance.now();
  db.prepare('ATTACH DATABASE ? AS target').run(target);
  try {
    db.pragma('target.journal_mode = MEMORY');
    db.pragma('target.synchronous = OFF');
    const rows = db.transaction(() => {
      db.exec(scimValueIndexDdl('target'));
      return db.prepare('INSERT INTO target.scim_attr SELECT * FROM main.scim_attr').run().changes;
    })();
    return { rows, ms: Math.round(performance.now() - started) };
  } finally {
    db.exec('DETACH DATABASE target');
  }
}

if (parentPort) serve(parentPort, workerData as BulkIndexWorkerData);
