import { EventStore } from '../../src/platform/event-store/event-store.port';

/**
 * Holds the event delivery of the subscriptions opened from now until `release()` (a runner's
 * replay): a test then checks the service during the replay without racing it.
 */
export function holdNextSubscriptions(store: EventStore): { stopHolding(): void; release(): void } {
  const original = store.subscribeToAll.bind(store);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  store.subscribeToAll = (options) => {
    const inner = original(options);
    return {
      close: () => {
        release();
        return inner.close();
      },
      async *[Symbol.asyncIterator]() {
        await gate;
        yield* inner;
      },
    };
  };
  return { stopHolding: () => (store.subscribeToAll = original), release };
}
