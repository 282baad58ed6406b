import type { RecordedEvent } from '../event-store.port';
import { LazyRecordedEvent } from '../lazy-recorded-event';

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
 * read (LazyRecordedEvent).
 */
export function decodeEventRow(row: EventRow): RecordedEvent {
  const position = BigInt(row[0]);
  return new LazyRecordedEvent(
    row[1],
    row[2],
    row[4],
    row[3],
    { commit: position, prepare: position },
    row[5],
    row[6],
  );
}
