import type { RecordedEvent } from '../event-store.port';
import { decodeEventRow, type EventRow } from './event-row';
import { PAGE_SIZE } from './event-queries';

/** Fetches up to `limit` rows continuing after `cursor` (a position or a revision). */
export type FetchPage = (cursor: number, limit: number) => EventRow[];

/**
 * Pulls one page per query as the consumer iterates, so at most one page of rows is held;
 * each row is decoded only when it is handed out.
 */
export async function* readPaged(
  fetchPage: FetchPage,
  start: number,
  maxCount: number,
  nextCursor: (row: EventRow) => number,
): AsyncGenerator<RecordedEvent> {
  let cursor = start;
  let remaining = maxCount;
  while (remaining > 0) {
    const limit = Math.min(PAGE_SIZE, remaining);
    const rows = fetchPage(cursor, limit);
    for (const row of rows) yield decodeEventRow(row);
    remaining -= rows.length;
    if (rows.length < limit) return;
    cursor = nextCursor(rows[rows.length - 1]);
  }
}

export function validateMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.POSITIVE_INFINITY;
  if (!(Number.isInteger(maxCount) && maxCount >= 0)) {
    throw new RangeError(`maxCount must be an integer >= 0, got ${maxCount}`);
  }
  return maxCount;
}
