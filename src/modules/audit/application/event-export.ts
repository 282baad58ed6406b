import { EventStore } from '../../../platform/event-store/event-store.port';
import { Position } from '../../../platform/event-store/position';
import { toExportLine } from '../domain/export-line';

export interface ExportOptions {
  /** Exclusive: the last position already received (resume); omitted: from the start. */
  after?: Position;
  /** At most this many events; omitted: everything. */
  limit?: number;
  /** Events per read of the store. */
  pageSize?: number;
}

/** What an export did so far: read while it runs, final once the generator is done. */
export interface ExportProgress {
  events: number;
  last: Position | null;
}

/** Lines are joined up to about this size per chunk: fewer writes, still a small buffer. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The log as NDJSON chunks, read page by page from $all. A generator: the next page is read only
 * when the consumer asks (stream backpressure), so memory stays at one page and one chunk.
 */
export async function* exportNdjson(
  store: EventStore,
  options: ExportOptions = {},
  progress: ExportProgress = { events: 0, last: null },
): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 1000;
  let after = options.after;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let chunk = '';
  while (remaining > 0) {
    const maxCount = Math.min(pageSize, remaining);
    let read = 0;
    for await (const event of store.readAll(after ? { after, maxCount } : { maxCount })) {
      read++;
      chunk += toExportLine(event);
      after = event.position;
      progress.events++;
      progress.last = event.position;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    remaining -= read;
    if (read < maxCount) break;
  }
  if (chunk !== '') yield chunk;
}
