import { NestFactory } from '@nestjs/core';
import type { Database } from 'better-sqlite3';
import { AppModule } from '../app.module';
import { AppConfig } from '../platform/config/app-config';
import { EventSchemaRegistry } from '../platform/es/event-schema-registry';
import { checkEventVersions } from '../platform/es/event-version-stamp';
import { describeEventStore } from '../platform/event-store/event-store.factory';
import { EVENT_STORE, EventStore } from '../platform/event-store/event-store.port';
import { PinoNestLogger, createLogger } from '../platform/logging/logger';
import { READ_MODEL_DB } from '../platform/read-model/read-model-database';
import { ReadModel } from '../platform/read-model/read-model.service';

export interface OfflineApp {
  readModel: ReadModel;
  /** The live read model's connection (DATA_DIR/read-model.db); nothing writes to it offline. */
  liveDb: Database;
  close(): Promise<void>;
}

/**
 * The application's modules without HTTP and without background work: each module registers its
 * projections, event versions and upcasters exactly as in the server, so a tool replays with the
 * server's definitions by construction. Opens the configured event store (the SQLite one
 * exclusively: this fails while a server runs on the same DATA_DIR), and refuses a log written by
 * a newer build (its event version stamp), which these definitions would misread. Stamps nothing:
 * the tools do not append.
 */
export async function openOfflineApp(config: AppConfig): Promise<OfflineApp> {
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, offline: true }, logger),
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  try {
    const known = new Map(app.get(EventSchemaRegistry).registeredVersions());
    await checkEventVersions(app.get<EventStore>(EVENT_STORE), known, describeEventStore(config));
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    readModel: app.get(ReadModel),
    liveDb: app.get<Database>(READ_MODEL_DB),
    close: () => app.close(),
  };
}
