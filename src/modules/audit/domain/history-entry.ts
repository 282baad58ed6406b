import { JsonObject, RecordedEvent } from '../../../platform/event-store/event-store.port';
import { formatPosition } from '../../../platform/event-store/position';

/** One event of an entity's history, as an auditor reads it. */
export interface HistoryEntry {
  revision: number;
  /** Global position in the log (formatPosition): where an export finds it. */
  position: string;
  eventId: string;
  /** When the event was recorded (metadata.timestamp). */
  time: string;
  type: string;
  /** Version of `data` as shown: the current shape, after upcasting. */
  schemaVersion: number;
  /** Version the event was stored with; lower than schemaVersion when an upcaster upgraded it. */
  storedSchemaVersion: number;
  data: JsonObject;
  /** `scim-token:<tokenId>`, `admin`, `admin:<person>` or `system:<process>`. */
  actor: string;
  /** The request that caused it: the x-correlation-id header of that request's response. */
  correlationId: string;
  causationId: string | null;
}

/** @param upcast the same event as `stored`, upgraded to the current schema. */
export function toHistoryEntry(stored: RecordedEvent, upcast: RecordedEvent): HistoryEntry {
  const { metadata } = stored;
  return {
    revision: stored.revision,
    position: formatPosition(stored.position),
    eventId: stored.id,
    time: metadata.timestamp,
    type: stored.type,
    schemaVersion: upcast.metadata.schemaVersion ?? 1,
    storedSchemaVersion: metadata.schemaVersion ?? 1,
    data: upcast.data,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? null,
  };
}
