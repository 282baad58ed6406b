import { EventStoreUnavailableError } from '../event-store/event-store.errors';
import { INITIAL_REPLAY_RETRY_AFTER_SECONDS, InitialReplayError } from '../read-model/initial-replay';
import { ProjectionLagTimeoutError, ReadModelBehindError } from '../read-model/position-waiters';

/** A 503 both APIs answer: what to say, and when to come back (Retry-After, seconds). */
export interface Unavailable {
  message: string;
  retryAfterSeconds: number;
}

/**
 * What both APIs answer (503) when the storage, not the request, is the problem: the store is
 * unreachable or refused (disk full, EventStoreDB down), or it took the write and the read model is
 * behind, or the read model is too far behind to decide on (nothing done), or it is still replaying
 * the log at start. The cause goes to the log, not to the client. Not "nothing was stored": a write of
 * several appends (a create on EventStoreDB) may be cut between them, and a read stores nothing.
 * Undefined for any other error.
 */
export function unavailable(error: unknown): Unavailable | undefined {
  if (error instanceof EventStoreUnavailableError)
    return {
      message: 'the event store is unavailable right now; retry later',
      retryAfterSeconds: 5,
    };
  if (error instanceof InitialReplayError)
    return { message: error.message, retryAfterSeconds: INITIAL_REPLAY_RETRY_AFTER_SECONDS };
  if (error instanceof ReadModelBehindError)
    return {
      message: 'the read model is behind the event store, so the request was not carried out; retry later',
      retryAfterSeconds: 5,
    };
  if (error instanceof ProjectionLagTimeoutError)
    return {
      message: 'the change was stored but the read model is behind; retry the read',
      retryAfterSeconds: 1,
    };
  return undefined;
}
