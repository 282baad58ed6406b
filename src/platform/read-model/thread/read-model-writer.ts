import { Worker } from 'node:worker_threads';
import { RecordedEvent } from '../../event-store/event-store.port';
import { builtWorkerScript } from '../../threads/built-worker-script';
import { BatchApplier } from '../batch-applier';
import { ProjectionModule } from '../projection';
import { ApplyBatch, BatchOutcome, ReadModelWriterData } from './read-model-writer.wire';
import { toWireEvent } from './wire-event';

const YOUNG_GENERATION_MB = 4;

/** A batch's failure on the writer thread, with SQLite's code (the runner tells transient ones by it). */
class WriterThreadError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The live runner's BatchApplier: a worker thread (read-model-writer.worker.ts) that writes the
 * batches on its own connection to the read model's file. Undefined from `start` when the
 * compiled worker is not there (sources run without a build).
 */
export class ReadModelWriter implements BatchApplier {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private ended: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (outcome: BatchOutcome) => this.settle(outcome));
    worker.on('error', (error) => this.end(error));
    worker.once('exit', (code) =>
      this.end(new Error(`the read model's writer thread exited (code ${code})`)),
    );
    // Shutdown closes it (close); it must not keep a process alive on its own.
    worker.unref();
  }

  static start(
    file: string,
    runner: string,
    projections: readonly ProjectionModule[],
  ): ReadModelWriter | undefined {
    const script = builtWorkerScript(__dirname, 'read-model-writer.worker.js');
    if (!script) return undefined;
    const workerData: ReadModelWriterData = { file, runner, projections };
    // A small young generation: a batch's garbage is small, and the process must stay under
    // 300 MB serving 100,000 users (V8's default let this thread's heap alone grow by ~20 MB).
    const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
    return new ReadModelWriter(new Worker(script, { workerData, resourceLimits }));
  }

  apply(events: readonly RecordedEvent[], checkpoint: string): Promise<void> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const message: ApplyBatch = { id, events: events.map(toWireEvent), checkpoint };
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    if (this.ended) return;
    this.end(new Error("the read model's writer thread was closed"));
    await this.worker.terminate();
  }

  private settle(outcome: BatchOutcome): void {
    const waiting = this.waiting.get(outcome.id);
    if (!waiting) return;
    this.waiting.delete(outcome.id);
    if (outcome.ok) waiting.resolve();
    else waiting.reject(new WriterThreadError(outcome.error.message, outcome.error.code));
  }

  private end(error: Error): void {
    this.ended ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.ended);
    this.waiting.clear();
  }
}
