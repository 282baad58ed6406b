import { EventStoreUnavailableError } from '../event-store/event-store.errors';
import { ProjectionLagTimeoutError } from '../read-model/projection-runner';

/**
 * What both APIs answer (503) when the storage, not the request, is the problem: the store could
 * not take the write (disk full, EventStoreDB unreachable), or it did and the read model is
 * behind. The cause goes to the log, not to the client. Undefined for any other error.
 */
export function unavailableMessage(error: unknown): string | undefined {
  if (error instanceof EventStoreUnavailableError)
    return 'the event store cannot take the change right now; nothing was stored, retry later';
  if (error instanceof ProjectionLagTimeoutError)
    return 'the change was stored but the read model is behind; retry the read';
  return undefined;
}
