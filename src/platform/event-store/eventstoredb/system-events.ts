/**
 * EventStoreDB's own events ($epoch-information, $UserCreated, $metadata, $statsCollected, link
 * events "$>", ...) have a type, and live in a stream, starting with '$'. The port hands out user
 * events only.
 */
export function isSystemEvent(event: { type: string; streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}
