import type { EventRow } from './event-row';
import type { WireAppend } from './writer-thread/wire';

/** An append the writer thread stored just now: its events, last revision and last position. */
export interface CommittedAppend {
  append: WireAppend;
  revision: number;
  position: number;
}

/**
 * Rows kept for subscriptions: a few commit groups (256 to 512 rows), enough for a runner that
 * keeps up; one further behind reads the database. 1,024 kept up to 4 MB of event text alive on
 * the event loop's heap with no measured gain (docs/performance.md, sessions 18 and 19).
 */
const RECENT_ROWS = 256;
/** Streams whose head revision is remembered (the ones written lately). */
const KNOWN_HEADS = 10_000;

/**
 * What this process committed lately, answered without a query on the reader connection, whose
 * page cache every commit of the writer thread empties. Exact because DATA_DIR's lock makes
 * this process the log's only writer: every new row passes here, in position order, before its
 * append is acknowledged.
 *  - The last rows of $all, for the read model's subscription right after a commit. A gap in
 *    positions starts the window again; anything not covered is read from the database.
 *  - The head revision of recently written streams: loading a cached aggregate asks for the
 *    events after its revision, and "none" is known here.
 */
export class RecentCommits {
  private rows: EventRow[] = [];
  private readonly heads = new Map<string, number>();

  /** Records stored appends in commit order; answers of idempotent retries stored nothing and are not passed. */
  record(committed: readonly CommittedAppend[]): void {
    for (const { append, revision, position } of committed) {
      const count = append.events.length;
      const first = position - count + 1;
      const last = this.rows.length > 0 ? this.rows[this.rows.length - 1][0] : undefined;
      if (last !== first - 1) this.rows = [];
      for (let i = 0; i < count; i++) {
        const event = append.events[i];
        this.rows.push([
          first + i,
          event.id,
          append.streamId,
          revision - count + 1 + i,
          event.type,
          event.data,
          event.metadata,
        ]);
      }
      // Set in place (first written, first forgotten): moving the key to the end on every write
      // left a hole per write, and V8 rebuilds a Map's table once holes fill it.
      this.heads.set(append.streamId, revision);
    }
    // Trimmed in steps, not per commit: a copy of the window every RECENT_ROWS rows.
    if (this.rows.length > 2 * RECENT_ROWS) this.rows = this.rows.slice(this.rows.length - RECENT_ROWS);
    for (const stream of this.heads.keys()) {
      if (this.heads.size <= KNOWN_HEADS) break;
      this.heads.delete(stream);
    }
  }

  /** Knows nothing any more: every read goes to the database until the next commit. */
  forget(): void {
    this.rows = [];
    this.heads.clear();
  }

  /** Up to `limit` rows after `position` when the window holds them all, else undefined (read the database). */
  allAfter(position: number, limit: number): EventRow[] | undefined {
    if (this.rows.length === 0) return undefined;
    const start = position + 1 - this.rows[0][0];
    if (start < 0) return undefined;
    return this.rows.slice(start, start + limit);
  }

  /** True when the stream is known to have no revision >= `revision` (its head is below). */
  knownEmptyFrom(streamId: string, revision: number): boolean {
    const head = this.heads.get(streamId);
    return head !== undefined && revision > head;
  }
}
