import { EVENT_VERSION_STAMP_STREAM } from './event-version-stamp-stream';

/**
 * EventStoreDB's own events ($epoch-information, $UserCreated, $metadata, $statsCollected, link
 * events "$>", ...) have a type, and live in a stream, starting with '$'. The port hands out user
 * events only: neither those nor this adapter's own event version stamp.
 */
export function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return (
    event.type.startsWith('$') ||
    event.streamId.startsWith('$') ||
    event.streamId === EVENT_VERSION_STAMP_STREAM
  );
}
