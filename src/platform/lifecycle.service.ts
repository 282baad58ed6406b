import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { EventSchemaRegistry } from './es/event-schema-registry';
import { stampEventVersions } from './es/event-version-stamp';
import { describeEventStore } from './event-store/event-store.factory';
import { EVENT_STORE, EventStore } from './event-store/event-store.port';
import { LOGGER } from './logging/logger';
import { ReadModel } from './read-model/read-model.service';
import { READ_MODEL_DB } from './read-model/read-model-database';
import { ReadSnapshot } from './read-model/read-snapshot';
import { READ_MODEL_LOCK } from './read-model/read-model-lock';
import { checkReadModelOrigin, recordReadModelOrigin } from './read-model/read-model-origin';
import { WalCheckpointer } from './sqlite/wal-checkpointer';

const ORIGIN_TIMEOUT_MS = 2000;

/** Background work that must stop after HTTP has drained (Nest closes HTTP before this hook). */
export interface BackgroundWorker {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Starts the read model and the background workers once every module has registered, and
 * stops them in order at shutdown: workers, read model, then the store (queued appends finish).
 */
@Injectable()
export class Lifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly workers: BackgroundWorker[] = [];
  private readonly checkpointer: WalCheckpointer;

  constructor(
    private readonly readModel: ReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: Database,
    private readonly snapshot: ReadSnapshot,
    @Inject(READ_MODEL_LOCK) private readonly lock: Database | null,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schemas: EventSchemaRegistry,
  ) {
    this.checkpointer = new WalCheckpointer(db.name, logger);
  }

  registerWorker(worker: BackgroundWorker): void {
    this.workers.push(worker);
  }

  /**
   * The event version stamp first: the platform module is global, so Nest runs this hook after
   * every module registered its versions (onModuleInit) and before the modules' own bootstrap
   * hooks, which may append (ReservationKeysUpgrade); HTTP listens only after all of them.
   */
  async onApplicationBootstrap(): Promise<void> {
    // The offline tools only read the log: openOfflineApp checks the stamp and stamps nothing.
    if (this.config.offline) return;
    const known = new Map(this.schemas.registeredVersions());
    const raised = await stampEventVersions(this.store, known, describeEventStore(this.config));
    if (raised.length > 0)
      this.logger.info(
        { raised: raised.map(({ type, stamped, known }) => `${type} ${stamped ?? '-'} -> ${known}`) },
        `event version stamp raised for ${raised.length} event types`,
      );
    await checkReadModelOrigin(this.store, this.db, this.logger);
    this.checkpointer.start();
    this.readModel.start();
    for (const worker of this.workers) worker.start();
  }

  /** Best effort: a store that cannot be read now is checked at the next start anyway (its head). */
  private async recordOrigin(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    // A store that does not answer (EventStoreDB down) must not hold the shutdown.
    const giveUp = new Promise<void>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the event store did not answer in time')),
        ORIGIN_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([recordReadModelOrigin(this.store, this.db, this.logger), giveUp]);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record the read model origin');
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const worker of this.workers) await worker.stop();
    await this.readModel.stop();
    if (!this.config.offline) await this.recordOrigin();
    await this.checkpointer.stop();
    await this.store.close();
    this.snapshot.close();
    this.db.close();
    this.lock?.close();
    this.logger.info('event store and read model closed');
  }
}
