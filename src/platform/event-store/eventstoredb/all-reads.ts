import {
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  Position as ClientPosition,
  START,
} from '@eventstore/db-client';
import { RecordedEvent } from '../event-store.port';
import { Position, START as PORT_START, comparePositions } from '../position';
import { toRecordedEvent } from './event-mapping';
import { isSystemEvent } from './system-events';

// Reads of $all cannot be filtered server-side with this client (6.x sends no filter for readAll),
// so system events are dropped here and the read goes on page by page until enough user events.
const PAGE_SIZE = 512;
const HEAD_PAGE_SIZE = 64;

type ClientEvent = NonNullable<AllStreamResolvedEvent['event']>;
/** `size` counts what the server sent, so a short page still means the end of $all. */
type Page = { events: ClientEvent[]; size: number };

/** User events strictly after `after`, forwards. EventStoreDB's fromPosition is inclusive, hence the skip. */
export async function* readAllForwards(
  client: EventStoreDBClient,
  after: Position | undefined,
  maxCount: number,
): AsyncGenerator<RecordedEvent> {
  let from = after && comparePositions(after, PORT_START) !== 0 ? after : undefined;
  let remaining = maxCount;
  while (remaining > 0) {
    const pageSize = Math.min(PAGE_SIZE, remaining + (from ? 1 : 0));
    const page = await readPage(client, {
      direction: FORWARDS,
      fromPosition: from ?? START,
      maxCount: pageSize,
    });
    for (const event of page.events) {
      if (from && comparePositions(event.position, from) <= 0) continue;
      if (isSystemEvent(event)) continue;
      yield toRecordedEvent(event);
      if (--remaining === 0) return;
    }
    if (page.size < pageSize || page.events.length === 0) return;
    from = page.events[page.events.length - 1].position;
  }
}

/** Position of the last user event in $all, reading backwards past the server's own events. */
export async function lastUserEventPosition(client: EventStoreDBClient): Promise<Position | null> {
  let before: ClientPosition | undefined;
  for (;;) {
    const page = await readPage(client, {
      direction: BACKWARDS,
      fromPosition: before ?? END,
      maxCount: HEAD_PAGE_SIZE,
    });
    for (const event of page.events) {
      if (before && comparePositions(event.position, before) >= 0) continue;
      if (!isSystemEvent(event)) return { commit: event.position.commit, prepare: event.position.prepare };
    }
    if (page.size < HEAD_PAGE_SIZE || page.events.length === 0) return null;
    before = page.events[page.events.length - 1].position;
  }
}

async function readPage(
  client: EventStoreDBClient,
  options: Parameters<EventStoreDBClient['readAll']>[0],
): Promise<Page> {
  const page: Page = { events: [], size: 0 };
  for await (const resolved of client.readAll({ ...options, resolveLinkTos: false })) {
    page.size++;
    if (resolved.event) page.events.push(resolved.event);
  }
  return page;
}
