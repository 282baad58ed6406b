import { EventMetadata, JsonObject, RecordedEvent } from '../../event-store/event-store.port';
import { Position } from '../../event-store/position';
import { storedEventTexts } from '../../event-store/sqlite/event-row';

/**
 * A recorded event as posted to the writer thread: its JSON texts instead of parsed objects
 * (a structured clone copies strings at memory speed, and the SQLite store's events are posted
 * without ever being parsed on the event loop).
 */
export type WireEvent = [
  id: string,
  streamId: string,
  type: string,
  revision: number,
  commit: bigint,
  prepare: bigint,
  data: string,
  metadata: string,
];

export function toWireEvent(event: RecordedEvent): WireEvent {
  const [data, metadata] = storedEventTexts(event) ?? [
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ];
  const { commit, prepare } = event.position;
  return [event.id, event.streamId, event.type, event.revision, commit, prepare, data, metadata];
}

/** The thread's side: parsed on first read, like the SQLite store's own events. */
export class ReceivedEvent implements RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly revision: number;
  readonly position: Position;
  private parsedData: JsonObject | undefined;
  private parsedMetadata: EventMetadata | undefined;
  private readonly dataText: string;
  private readonly metadataText: string;

  constructor(wire: WireEvent) {
    [this.id, this.streamId, this.type, this.revision] = wire;
    this.position = { commit: wire[4], prepare: wire[5] };
    this.dataText = wire[6];
    this.metadataText = wire[7];
  }

  get data(): JsonObject {
    return (this.parsedData ??= JSON.parse(this.dataText) as JsonObject);
  }

  get metadata(): EventMetadata {
    return (this.parsedMetadata ??= JSON.parse(this.metadataText) as EventMetadata);
  }
}
