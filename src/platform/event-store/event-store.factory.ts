import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** Opens the configured adapter; fails with EventStoreUnavailableError (never silently). */
export async function openEventStore(config: AppConfig, logger?: Logger): Promise<EventStore> {
  if (config.eventStore === 'eventstoredb') {
    const store = EventStoreDbEventStore.connect(config.eventStoreConnectionString!, {
      onDisposeTimeout: (ms) =>
        logger?.warn(`EventStoreDB client: calls still unfinished ${ms} ms after close; not waiting longer`),
    });
    try {
      await store.ping();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
    return store;
  }
  return SqliteEventStore.open({ dataDir: config.dataDir, logger });
}

/** Where the events are, for messages; never a connection string's credentials. */
export function describeEventStore(config: AppConfig): string {
  if (config.eventStore === 'sqlite') return `the SQLite event store in ${config.dataDir}`;
  const server = config.eventStoreConnectionString!.replace(/^([a-z+]+:\/\/)[^@/]*@/, '$1');
  return `EventStoreDB at ${server}`;
}
