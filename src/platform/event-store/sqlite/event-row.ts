import type { EventMetadata, JsonObject, RecordedEvent } from '../event-store.port';

/** Column list shared by every read; `EventRow` is the raw (array) row it yields. */
export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata';

export type EventRow = [
  position: number,
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
];

/**
 * Decodes one row; called per event as it is handed out, so only the current page is ever parsed.
 * The metadata is parsed on first read: projections rarely look at it, and a replay spends a
 * seventh of its time in these two JSON.parse calls.
 */
export function decodeEventRow(row: EventRow): RecordedEvent {
  const position = BigInt(row[0]);
  const metadataText = row[6];
  let metadata: EventMetadata | undefined;
  return {
    id: row[1],
    streamId: row[2],
    type: row[4],
    revision: row[3],
    position: { commit: position, prepare: position },
    data: JSON.parse(row[5]) as JsonObject,
    get metadata(): EventMetadata {
      return (metadata ??= JSON.parse(metadataText) as EventMetadata);
    },
  };
}
