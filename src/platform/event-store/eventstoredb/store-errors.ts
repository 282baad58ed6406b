import { CancelledError, DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';

/** Connection-level failures become the port's EventStoreUnavailableError; anything else passes through. */
export function toPortError(error: unknown, server: string): unknown {
  if (error instanceof EventStoreUnavailableError) return error;
  const lostConnection =
    error instanceof UnavailableError ||
    error instanceof CancelledError || // the server ended the call, e.g. while shutting down
    error instanceof DeadlineExceededError ||
    (error instanceof Error && error.message.startsWith('Failed to discover')) ||
    // The client's own calls before an append (its server-features check) fail with raw gRPC
    // errors, not its UnavailableError: code 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED, 1 CANCELLED.
    isGrpcConnectionError(error);
  if (!lostConnection) return error;
  const said = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailableError(`EventStoreDB at ${server} is unavailable: ${said}`, {
    cause: error,
  });
}

const CONNECTION_CODES = new Set([1, 4, 14]);

function isGrpcConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('details' in error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && CONNECTION_CODES.has(code);
}
