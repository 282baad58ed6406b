import { RecordedEvent } from '../../../platform/event-store/event-store.port';
import { formatPosition } from '../../../platform/event-store/position';

/**
 * One NDJSON line of an export: the event exactly as stored (data not upcast: an audit archive
 * keeps the facts; metadata.schemaVersion says which shape the data has).
 */
export function toExportLine(event: RecordedEvent): string {
  return `${JSON.stringify({
    position: formatPosition(event.position),
    stream: event.streamId,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  })}\n`;
}
