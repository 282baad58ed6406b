import { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store.errors';
import { EventSubscription, RecordedEvent } from '../event-store.port';
import { Position, comparePositions } from '../position';
import { toRecordedEvent } from './event-mapping';
import { isSystemEvent } from './system-events';

// Buffered events before the gRPC stream is paused (HTTP/2 flow control then slows the server).
const HIGH_WATER = 512;
const LOW_WATER = 128;

/**
 * Adapts the client's catch-up subscription (a Node stream) to the port: an async iterable that
 * yields user events in order, rethrows the subscription's failure after the events received
 * before it, and ends once `close()` is called.
 */
export class EventStoreDbSubscription implements EventSubscription {
  private readonly buffer: RecordedEvent[] = [];
  private failure: unknown;
  private closed = false;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly source: AllStreamSubscription,
    /** Last position handed out (or the start point): anything at or before it is a repeat. */
    private last: Position | undefined,
    private readonly toPortError: (error: unknown) => unknown,
    private readonly onClose: () => void,
  ) {
    source.on('data', (resolved: AllStreamResolvedEvent) => this.receive(resolved));
    source.on('error', (error: Error) => this.fail(this.toPortError(error)));
    source.on('end', () =>
      this.fail(new EventStoreUnavailableError('EventStoreDB ended the $all subscription')),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    this.notify();
    // unsubscribe() cancels the call but leaves the client's stream open; nothing more will come.
    await this.source.unsubscribe().catch(() => undefined);
    this.source.destroy();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  private async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      const event = this.buffer.shift();
      if (event) {
        if (this.buffer.length <= LOW_WATER && this.source.isPaused()) this.source.resume();
        return { done: false, value: event };
      }
      if (this.failure !== undefined) throw this.failure;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private receive(resolved: AllStreamResolvedEvent): void {
    if (this.closed || this.failure !== undefined || !resolved.event) return;
    // The server-side filter drops system event types; events of system streams are dropped here.
    if (isSystemEvent(resolved.event)) return;
    let event: RecordedEvent;
    try {
      event = toRecordedEvent(resolved.event);
    } catch (error) {
      this.fail(error);
      return;
    }
    // EventStoreDB starts strictly after the start point; this guard keeps "no duplicates" true regardless.
    if (this.last && comparePositions(event.position, this.last) <= 0) return;
    this.last = event.position;
    this.buffer.push(event);
    if (this.buffer.length >= HIGH_WATER) this.source.pause();
    this.notify();
  }

  private fail(error: unknown): void {
    if (this.closed || this.failure !== undefined) return;
    this.failure = error;
    this.onClose();
    this.notify();
    // Free the call when the failure is ours (an event we cannot map); a no-op once the server ended it.
    this.source.unsubscribe().then(
      () => this.source.destroy(),
      () => this.source.destroy(),
    );
  }

  private notify(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}
