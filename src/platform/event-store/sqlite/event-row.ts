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
 * Decodes one row; called per event as it is handed out. Data and metadata are parsed on first
 * read: a replay spent a third of its time in these two JSON.parse calls, and consumers often
 * skip an event by its type (or, like the users projection, read only the last of a user's
 * profile changes in a batch).
 */
export function decodeEventRow(row: EventRow): RecordedEvent {
  const position = BigInt(row[0]);
  const dataText = row[5];
  const metadataText = row[6];
  let data: JsonObject | undefined;
  let metadata: EventMetadata | undefined;
  return {
    id: row[1],
    streamId: row[2],
    type: row[4],
    revision: row[3],
    position: { commit: position, prepare: position },
    get data(): JsonObject {
      return (data ??= JSON.parse(dataText) as JsonObject);
    },
    get metadata(): EventMetadata {
      return (metadata ??= JSON.parse(metadataText) as EventMetadata);
    },
  };
}
