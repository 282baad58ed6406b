/**
 * Entry of the read model's writer thread: applies the live runner's batches to every projection,
 * with the checkpoint, on a connection of its own, so that the event loop answers requests
 * meanwhile (docs/performance.md, session 16). Readers keep the main thread's connection; WAL
 * lets them read while this one writes.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { CHECKPOINT_TABLE } from '../projection-runner';
import { Projection } from '../projection';
import { configureReadModel } from '../read-model-database';
import { lowerThreadPriority } from '../../threads/lower-thread-priority';
import { ApplyBatch, BatchOutcome, ReadModelWriterData } from './read-model-writer.wire';
import { WireEvent, receivedEvent } from './wire-event';

const { file, runner, projections: modules } = workerData as ReadModelWriterData;

/** nice 10: about a tenth of a busy core's time against a thread at 0, never none. */
const READ_MODEL_WRITER_NICENESS = 10;

// Requests wait on the event loop and the event store's writer thread, not on this one (a read
// waits only for writes answered ahead of it): with both cores busy, they go first.
// docs/performance.md, session 16: creates per second +2 to 5%.
lowerThreadPriority(READ_MODEL_WRITER_NICENESS);

function createProjections(): Projection[] {
  return modules.map(({ file: script, className }) => {
    // A module known only at run time (each module registers its own): require, not import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Class = (require(script) as Record<string, (new () => Projection) | undefined>)[className];
    if (typeof Class !== 'function') throw new Error(`${script} exports no projection ${className}`);
    return new Class();
  });
}

// The main connection keeps the read cache; this one only needs the pages a batch touches.
const db = new Database(file);
configureReadModel(db, { cacheKiB: 8192 });
let projections = createProjections();
const saveCheckpoint = db.prepare(`UPDATE ${CHECKPOINT_TABLE} SET position = ? WHERE name = ?`);

const applyBatch = db.transaction((events: readonly WireEvent[], checkpoint: string) => {
  for (const wire of events) {
    const event = receivedEvent(wire);
    for (const projection of projections) projection.apply(db, event);
  }
  for (const projection of projections) projection.endBatch?.(db);
  saveCheckpoint.run(checkpoint, runner);
});

parentPort!.on('message', ({ id, events, checkpoint }: ApplyBatch) => {
  let outcome: BatchOutcome;
  try {
    applyBatch(events, checkpoint);
    outcome = { id, ok: true };
  } catch (error) {
    // Rolled back: the projections' in-memory state of the batch goes with it (the runner
    // starts again from its checkpoint).
    projections = createProjections();
    const { message, code } = error as { message?: unknown; code?: unknown };
    outcome = {
      id,
      ok: false,
      error: { message: String(message ?? error), ...(typeof code === 'string' ? { code } : {}) },
    };
  }
  parentPort!.postMessage(outcome);
});
