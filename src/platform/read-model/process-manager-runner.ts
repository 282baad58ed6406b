import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStore, EventSubscription, RecordedEvent } from '../event-store/event-store.port';
import { Position, comparePositions, formatPosition, parsePosition } from '../event-store/position';
import { EventSchemaRegistry } from '../es/event-schema-registry';
import { BackgroundWorker } from '../lifecycle.service';
import { ReadModel } from './read-model.service';

/**
 * A process manager: reacts to events by sending commands. Its effects must be idempotent,
 * because an event handled when the process died before saving its checkpoint is handled again.
 */
export interface ProcessManager {
  readonly name: string;
  /** Cheap filter: only these events are waited for and handled. */
  wants(event: RecordedEvent): boolean;
  handle(event: RecordedEvent): Promise<void>;
}

const RETRY_DELAYS_MS = [100, 500, 2000, 5000];

/** In the read model's file: where each process manager has got to in $all. */
export const PROCESS_CHECKPOINT_TABLE = 'process_checkpoint';

/**
 * Runs a process manager from a checkpointed subscription to $all (durable, unlike an in-memory
 * saga stream): one event at a time, after the read model has caught up with it, retrying
 * failures with backoff; the checkpoint is saved after each handled event. When the subscription
 * itself ends (EventStoreDB restarting), it follows $all again from that checkpoint.
 */
export class ProcessManagerRunner implements BackgroundWorker {
  private subscription: EventSubscription | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private resubscriptions = 0;
  /** The last event handled or passed over (the saved checkpoint moves on handled ones only). */
  private seen: Position | null = null;
  private failing: string | null = null;
  private interrupted = false;

  constructor(
    private readonly process: ProcessManager,
    private readonly store: EventStore,
    private readonly db: Database,
    private readonly readModel: ReadModel,
    private readonly schemas: EventSchemaRegistry,
    private readonly logger: Logger,
  ) {
    readModel.registerProcess(() => ({
      name: this.process.name,
      position: this.seen,
      status: this.interrupted ? 'interrupted' : this.failing !== null ? 'retrying' : 'running',
      lastError: this.failing,
    }));
  }

  get name(): string {
    return this.process.name;
  }

  start(): void {
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${PROCESS_CHECKPOINT_TABLE} (name TEXT PRIMARY KEY, position TEXT NOT NULL)`,
    );
    const row = this.db
      .prepare(`SELECT position FROM ${PROCESS_CHECKPOINT_TABLE} WHERE name = ?`)
      .get(this.process.name) as { position: string } | undefined;
    const after = row ? parsePosition(row.position) : undefined;
    if (after && (this.seen === null || comparePositions(after, this.seen) > 0)) this.seen = after;
    this.subscription = this.store.subscribeToAll(after ? { after } : {});
    this.interrupted = false;
    this.running = this.consume(this.subscription);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.resubscribeTimer);
    await this.subscription?.close();
    await this.running;
  }

  private async consume(subscription: EventSubscription): Promise<void> {
    const save = this.db.prepare(
      `INSERT OR REPLACE INTO ${PROCESS_CHECKPOINT_TABLE} (name, position) VALUES (?, ?)`,
    );
    try {
      for await (const recorded of subscription) {
        if (this.stopping) break;
        if (!this.process.wants(recorded)) {
          this.seen = recorded.position;
          continue;
        }
        // Every step is retried, the checkpoint's write too: a full disk or a read model that is
        // restarting must delay the process, not end it until the next start.
        await this.withRetry(recorded, async () => {
          await this.readModel.waitFor(recorded.position, 60_000);
          await this.process.handle(this.schemas.upcast(recorded));
          await this.readModel.whenWritable();
          save.run(this.process.name, formatPosition(recorded.position));
        });
        this.seen = recorded.position;
        this.resubscriptions = 0;
      }
    } catch (error) {
      if (!this.stopping) this.resubscribeLater(error);
    }
  }

  /** The subscription ended under it (EventStoreDB restarting): follow $all again from the checkpoint. */
  private resubscribeLater(error: unknown): void {
    this.interrupted = true;
    const delay = RETRY_DELAYS_MS[Math.min(this.resubscriptions, RETRY_DELAYS_MS.length - 1)];
    this.resubscriptions += 1;
    this.logger.error(
      { process: this.process.name, err: error, retryInMs: delay },
      `process manager interrupted; following the log again from its checkpoint in ${delay} ms`,
    );
    this.resubscribeTimer = setTimeout(() => {
      if (this.stopping) return;
      try {
        this.start();
      } catch (failure) {
        this.resubscribeLater(failure);
      }
    }, delay);
    this.resubscribeTimer.unref();
  }

  private async withRetry(event: RecordedEvent, step: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await step();
        this.failing = null;
        return;
      } catch (error) {
        if (this.stopping) throw error;
        this.failing = error instanceof Error ? error.message : String(error);
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
        this.logger.warn(
          { process: this.process.name, eventId: event.id, attempt, err: error },
          `handling failed; retrying in ${delay} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
