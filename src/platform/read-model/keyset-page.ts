/** Where a page of a list ordered by (time, id) ended: the next page starts after it. */
export type KeysetPosition = readonly [time: string, id: string];

/** The first page: before every (time, id), since ISO times and ids are never empty. */
export const FROM_START: KeysetPosition = ['', ''];

export interface KeysetPage<T> {
  items: T[];
  /** The last item's position when more follow; null on the last page. */
  next: KeysetPosition | null;
}

/** A page from `limit + 1` rows read after a position: the extra row only says that more follow. */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => KeysetPosition,
): KeysetPage<T> {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: positionOf(items[items.length - 1]!) };
}
