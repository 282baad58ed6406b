import { Worker } from 'node:worker_threads';
import { builtWorkerScript } from '../../../threads/built-worker-script';
import { EventStoreUnavailableError } from '../../event-store.errors';
import type { FromWriter, ToWriter, WireItem, WireOutcome } from './wire';

interface Waiting {
  resolve: (outcomes: WireOutcome[]) => void;
  reject: (error: Error) => void;
}

/** The writer thread seen from the event loop: write a group of appends, get their outcomes. */
export class EventWriterThread {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private stopped: EventStoreUnavailableError | undefined;
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWriter) => this.settle(message));
    worker.on('error', (error) => this.stop(`it failed: ${error.message}`));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.stop(`it exited (code ${code})`);
        resolve();
      }),
    );
    // Idle, the thread must not keep the process alive; a write in flight does (see write()).
    worker.unref();
  }

  /** Resolves once the thread has opened `file` for writing; rejects with its reason otherwise. */
  static start(file: string): Promise<EventWriterThread> {
    const worker = new Worker(workerScript(), { workerData: { file } });
    return new Promise((resolve, reject) => {
      // Only our own listeners: Worker keeps internal ones (removeAllListeners would break it).
      const onMessage = (message: FromWriter) => {
        detach();
        if (message.kind === 'ready') resolve(new EventWriterThread(worker));
        else fail(new Error(message.kind === 'failed' ? message.message : 'unexpected first message'));
      };
      const onExit = (code: number) => fail(new Error(`the writer thread exited (code ${code})`));
      const fail = (error: Error) => {
        detach();
        void worker.terminate();
        reject(error);
      };
      const detach = () => {
        worker.off('message', onMessage);
        worker.off('error', fail);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', fail);
      worker.on('exit', onExit);
    });
  }

  /** Why the thread stopped, once it has: every write is refused from then on. */
  get failure(): EventStoreUnavailableError | undefined {
    return this.stopped;
  }

  write(batch: WireItem[]): Promise<WireOutcome[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.send({ kind: 'write', id, batch });
    });
  }

  /** Closes the thread's connection and waits for the thread to end. */
  async close(): Promise<void> {
    if (!this.stopped) {
      this.worker.ref();
      this.send({ kind: 'close' });
    }
    await this.exited;
  }

  private send(message: ToWriter): void {
    this.worker.postMessage(message);
  }

  private settle(message: FromWriter): void {
    if (message.kind !== 'written') return;
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (this.waiting.size === 0) this.worker.unref();
    waiter?.resolve(message.outcomes);
  }

  private stop(reason: string): void {
    this.stopped ??= new EventStoreUnavailableError(`the event store's writer thread stopped: ${reason}`);
    for (const waiter of this.waiting.values()) waiter.reject(this.stopped);
    this.waiting.clear();
  }
}

/**
 * The compiled entry next to this file. Under ts-jest this file runs from src/, where there is
 * none: the thread then runs the build output (`npm test` builds first).
 */
function workerScript(): string {
  const name = 'event-writer.worker.js';
  const script = builtWorkerScript(__dirname, name);
  if (script) return script;
  throw new EventStoreUnavailableError(
    `the event store writer thread is not built (${name} under dist): run npm run build`,
  );
}
