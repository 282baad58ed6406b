import { RecordedEvent } from '../../event-store/event-store.port';
import { LazyRecordedEvent } from '../../event-store/lazy-recorded-event';

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
  const [data, metadata] =
    event instanceof LazyRecordedEvent
      ? event.texts()
      : [JSON.stringify(event.data), JSON.stringify(event.metadata)];
  const { commit, prepare } = event.position;
  return [event.id, event.streamId, event.type, event.revision, commit, prepare, data, metadata];
}

/** The thread's side: parsed on first read, like the SQLite store's own events. */
export function receivedEvent(wire: WireEvent): RecordedEvent {
  const [id, streamId, type, revision, commit, prepare, data, metadata] = wire;
  return new LazyRecordedEvent(id, streamId, type, revision, { commit, prepare }, data, metadata);
}
