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

/** Decodes one row; called per event as it is handed out, so only the current page is ever parsed. */
export function decodeEventRow(row: EventRow): RecordedEvent {
  const position = BigInt(row[0]);
  return {
    id: row[1],
    streamId: row[2],
    type: row[4],
    revision: row[3],
    position: { commit: position, prepare: position },
    data: JSON.parse(row[5]) as JsonObject,
    metadata: JSON.parse(row[6]) as EventMetadata,
  };
}
