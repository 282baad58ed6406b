import type { EventSubscription, RecordedEvent } from '../event-store.port';
import type { CommitNotifier } from './commit-notifier';
import { decodeEventRow } from './event-row';
import { PAGE_SIZE } from './event-queries';
import type { FetchPage } from './paged-reads';

/**
 * History then live events of $all. Always reads from the DB after the last delivered position
 * (a commit notification only says "look again"), so the switch from catch-up to live has no
 * gap and no duplicate, and a slow consumer costs at most one page: nothing is pushed at it.
 */
export class CatchUpSubscription implements EventSubscription {
  private closed = false;
  private wake: (() => void) | undefined;
  private iterator: AsyncGenerator<RecordedEvent> | undefined;

  constructor(
    private readonly fetchAfter: FetchPage,
    private readonly notifier: CommitNotifier,
    private readonly after: number,
    private readonly onClosed: (subscription: CatchUpSubscription) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    // One delivery sequence per subscription, however often it is iterated.
    this.iterator ??= this.deliver();
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.onClosed(this);
  }

  private async *deliver(): AsyncGenerator<RecordedEvent> {
    let after = this.after;
    try {
      while (!this.closed) {
        const seen = this.notifier.current;
        const rows = this.fetchAfter(after, PAGE_SIZE);
        if (rows.length === 0) {
          await this.nextCommit(seen);
          continue;
        }
        for (const row of rows) {
          if (this.closed) return;
          yield decodeEventRow(row);
          after = row[0];
        }
      }
    } finally {
      // The consumer broke out of its loop: same as close().
      await this.close();
    }
  }

  private nextCommit(seen: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.notifier.waitForCommitAfter(seen, resolve);
    }).finally(() => {
      this.wake = undefined;
    });
  }
}
