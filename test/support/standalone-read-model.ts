import type { Database } from 'better-sqlite3';
import pino from 'pino';
import { AppConfig } from '../../src/platform/config/app-config';
import { EventSchemaRegistry } from '../../src/platform/es/event-schema-registry';
import { EventStore } from '../../src/platform/event-store/event-store.port';
import { ReadModel } from '../../src/platform/read-model/read-model.service';
import { ReadSnapshot } from '../../src/platform/read-model/read-snapshot';

/** A ReadModel outside Nest, on the SQLite store and read-model file of `dataDir` (its own tests). */
export function standaloneReadModel(store: EventStore, db: Database, dataDir: string): ReadModel {
  const config = { dataDir, eventStore: 'sqlite' } as AppConfig;
  return new ReadModel(
    store,
    db,
    ReadSnapshot.direct(db),
    new EventSchemaRegistry(),
    pino({ level: 'silent' }),
    config,
  );
}
