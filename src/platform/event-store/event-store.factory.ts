import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** Opens the configured adapter; fails with EventStoreUnavailableError (never silently). */
export async function openEventStore(config: AppConfig, logger?: Logger): Promise<EventStore> {
  if (config.eventStore === 'eventstoredb') {
    // Loaded only here: the gRPC client is 6.4 MB of heap that every full GC would mark again on
    // a server running on the embedded store.
    const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store');
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
