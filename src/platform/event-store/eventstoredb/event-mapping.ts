import { JSONEventData, ResolvedEvent, jsonEvent } from '@eventstore/db-client';
import { EventMetadata, JsonObject, NewEvent, RecordedEvent } from '../event-store.port';

/**
 * The port's metadata travels as the event's JSON metadata. $correlationId and $causationId are
 * added under EventStoreDB's own names so its tooling ($by_correlation_id, the UI) understands them.
 */
export function toEventData(event: NewEvent): JSONEventData {
  const metadata: JsonObject = { ...event.metadata, $correlationId: event.metadata.correlationId };
  if (event.metadata.causationId !== null) metadata.$causationId = event.metadata.causationId;
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata });
}

export type ClientRecordedEvent = NonNullable<ResolvedEvent['event']>;

export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  if (!event.position)
    throw new Error(
      `EventStoreDB did not return the position of ${event.streamId}@${event.revision} (server < 22.6?)`,
    );
  if (!event.isJson || !isJsonObject(event.data))
    throw new Error(
      `event ${event.id} in ${event.streamId} is not a JSON object; this store writes only JSON`,
    );
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: Number(event.revision),
    position: { commit: event.position.commit, prepare: event.position.prepare },
    data: event.data,
    metadata: toEventMetadata(event.metadata, event.created),
  };
}

/** Tolerates events written by other tools: a missing field gets a neutral value or the record time. */
function toEventMetadata(raw: unknown, created: Date): EventMetadata {
  const m: Record<string, unknown> = isJsonObject(raw) ? raw : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return {
    schemaVersion: typeof m.schemaVersion === 'number' ? m.schemaVersion : 1,
    correlationId: text(m.correlationId) ?? text(m.$correlationId) ?? '',
    causationId: text(m.causationId) ?? text(m.$causationId) ?? null,
    actor: text(m.actor) ?? 'unknown',
    timestamp: text(m.timestamp) ?? created.toISOString(),
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}
