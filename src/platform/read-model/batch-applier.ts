import { RecordedEvent } from '../event-store/event-store.port';

/**
 * Applies a runner's batch somewhere else than on the runner's connection: the events (already
 * upcast) to every projection, their endBatch and the checkpoint `checkpoint` under the runner's
 * name, in one transaction. Resolves once it committed; rejects with the cause (its `code` kept)
 * once it was rolled back. The runner hands it one batch at a time.
 */
export interface BatchApplier {
  apply(events: readonly RecordedEvent[], checkpoint: string): Promise<void>;
  close(): Promise<void>;
}
