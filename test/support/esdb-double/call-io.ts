import { EventEmitter } from 'node:events';
import { Metadata, ServerErrorResponse, status } from '@grpc/grpc-js';

/** Small helpers shared by the double's streaming handlers. */

interface Writable<T> extends EventEmitter {
  write(message: T): boolean;
  cancelled: boolean;
}

/** Resolves on the first of `events`; no listener is left behind. */
function firstOf(emitter: EventEmitter, events: string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of events) emitter.off(event, done);
      resolve();
    };
    for (const event of events) emitter.on(event, done);
  });
}

/** Writes with HTTP/2 flow control: waits for 'drain' when the client reads slower than we write. */
export async function send<T>(call: Writable<T>, message: T): Promise<void> {
  if (call.cancelled) return;
  if (!call.write(message)) await firstOf(call, ['drain', 'cancelled', 'close', 'error']);
}

export function grpcError(
  code: status,
  details: string,
  metadata?: Record<string, string>,
): ServerErrorResponse {
  const md = new Metadata();
  for (const [key, value] of Object.entries(metadata ?? {})) md.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata: md });
}
