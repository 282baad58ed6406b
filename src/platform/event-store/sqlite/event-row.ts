import type { EventMetadata, JsonObject, RecordedEvent } from '../event-store.port';
import type { Position } from '../position';

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
  return new StoredEvent(row);
}

/** The stored JSON texts of an event read from this store (data, metadata); undefined for others. */
export function storedEventTexts(event: RecordedEvent): [data: string, metadata: string] | undefined {
  return event instanceof StoredEvent ? event.texts() : undefined;
}

/**
 * Getters on the prototype: an object literal with getters makes two closures and a context
 * per event, which doubled what survived V8's young generation in a replay (more GC time).
 */
class StoredEvent implements RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: Position;
  private parsedData: JsonObject | undefined;
  private parsedMetadata: EventMetadata | undefined;
  private readonly dataText: string;
  private readonly metadataText: string;

  constructor(row: EventRow) {
    const position = BigInt(row[0]);
    this.id = row[1];
    this.streamId = row[2];
    this.type = row[4];
    this.revision = row[3];
    this.position = { commit: position, prepare: position };
    this.dataText = row[5];
    this.metadataText = row[6];
  }

  get data(): JsonObject {
    return (this.parsedData ??= JSON.parse(this.dataText) as JsonObject);
  }

  get metadata(): EventMetadata {
    return (this.parsedMetadata ??= JSON.parse(this.metadataText) as EventMetadata);
  }

  /** As stored (a recorded event is a fact: nobody changes what was parsed from them). */
  texts(): [string, string] {
    return [this.dataText, this.metadataText];
  }
}
