import { Inject, Injectable } from '@nestjs/common';
import { EventSchemaRegistry } from '../../../platform/es/event-schema-registry';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { HistoryEntry, toHistoryEntry } from '../domain/history-entry';

export interface HistoryPage {
  events: HistoryEntry[];
  /** fromRevision of the next page; null when this page reached the end of the stream. */
  next: number | null;
}

/** Reads one stream a page at a time by revision: memory is bounded by the page, not the stream. */
@Injectable()
export class StreamHistory {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schemas: EventSchemaRegistry,
  ) {}

  /** null when the stream has no event at all. */
  async page(stream: string, fromRevision: number, limit: number): Promise<HistoryPage | null> {
    const events: HistoryEntry[] = [];
    let next: number | null = null;
    // One event more than asked tells whether another page follows, without a second query.
    for await (const recorded of this.store.readStream(stream, { fromRevision, maxCount: limit + 1 })) {
      if (events.length === limit) {
        next = recorded.revision;
        break;
      }
      events.push(toHistoryEntry(recorded, this.schemas.upcast(recorded)));
    }
    if (events.length === 0 && !(await this.exists(stream))) return null;
    return { events, next };
  }

  private async exists(stream: string): Promise<boolean> {
    for await (const _event of this.store.readStream(stream, { maxCount: 1 })) return true;
    return false;
  }
}
