import { RecordedEvent } from '../../src/platform/event-store/event-store.port';

let lastPosition = 0;

/** The next log position, for rows a test writes itself (a doc is its creation's position). */
export function nextLogPosition(): number {
  return ++lastPosition;
}

/**
 * A stored event as a projection receives it, at the next log position of this test process
 * (positions only grow: docs and scopes are positions). Data gets `subscription: 'acme'` and an
 * `at` unless given; `recordedAt` is metadata.timestamp, when the event was recorded.
 */
export function recordedEvent(
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  options: { revision?: number; recordedAt?: (position: number) => string } = {},
): RecordedEvent {
  const position = nextLogPosition();
  return {
    id: `e${position}`,
    streamId,
    type,
    revision: options.revision ?? 0,
    position: { commit: BigInt(position), prepare: BigInt(position) },
    data: { subscription: 'acme', at: '2026-01-01T00:00:00.000Z', ...data },
    metadata: {
      schemaVersion: 1,
      correlationId: 'c',
      causationId: null,
      actor: 'test',
      timestamp: options.recordedAt?.(position) ?? '2026-01-01T00:00:00.000Z',
    },
  } as RecordedEvent;
}
