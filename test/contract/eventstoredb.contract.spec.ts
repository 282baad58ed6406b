import { EventStoreDbEventStore } from '../../src/platform/event-store/eventstoredb/eventstoredb-event-store';
import { withoutCredentials } from '../../src/platform/event-store/eventstoredb/connection-string';
import { EsdbDouble } from '../support/esdb-double/esdb-double';
import { eventStoreContract } from './event-store.contract';

// The shared contract over the wire: once against the in-repo gRPC double of EventStoreDB,
// and against a real server whenever EVENTSTORE_CONNECTION_STRING points at one.

const started: EsdbDouble[] = [];

afterAll(async () => {
  // Safety net: the contract's cleanup stops the double; this catches a factory that failed half way.
  for (const double of started) await double.stop();
});

eventStoreContract('EventStoreDB adapter, gRPC double', async () => {
  const double = await EsdbDouble.start();
  started.push(double);
  const store = EventStoreDbEventStore.connect(double.connectionString);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await double.stop();
    },
  };
});

const real = process.env.EVENTSTORE_CONNECTION_STRING?.trim();

// Without a server (docker compose up eventstore, then EVENTSTORE_CONNECTION_STRING) the run is
// reported as skipped, not as passed.
const describeServer = real ? describe : describe.skip;

describeServer('EventStoreDB adapter, real server (EVENTSTORE_CONNECTION_STRING)', () => {
  eventStoreContract(`EventStoreDB adapter, ${real ? withoutCredentials(real) : 'not set'}`, async () => {
    if (!real) throw new Error('EVENTSTORE_CONNECTION_STRING is not set');
    const store = EventStoreDbEventStore.connect(real);
    await store.ping();
    return { store, cleanup: () => store.close() };
  });
});
