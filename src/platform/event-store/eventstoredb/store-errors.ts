import { CancelledError, DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';

/** Connection-level failures become the port's EventStoreUnavailableError; anything else passes through. */
export function toPortError(error: unknown, server: string): unknown {
  if (error instanceof EventStoreUnavailableError) return error;
  const lostConnection =
    error instanceof UnavailableError ||
    error instanceof CancelledError || // the server ended the call, e.g. while shutting down
    error instanceof DeadlineExceededError ||
    (error instanceof Error && error.message.startsWith('Failed to discover'));
  if (!lostConnection) return error;
  return new EventStoreUnavailableError(`EventStoreDB at ${server} is unavailable: ${error.message}`, {
    cause: error,
  });
}
