import { Position, comparePositions, formatPosition } from '../event-store/position';

export class ProjectionLagTimeoutError extends Error {
  constructor(position: Position) {
    super(`read model did not reach position ${formatPosition(position)} in time`);
    this.name = 'ProjectionLagTimeoutError';
  }
}

/**
 * The read model did not reach the store's head in time before a decision that needs it, or
 * before a read of writes answered ahead of it (or it has failed meanwhile): the request was not
 * carried out (nothing of it stored), unlike a ProjectionLagTimeoutError after a write.
 */
export class ReadModelBehindError extends Error {
  constructor(cause: Error, before: 'deciding' | 'reading' = 'deciding') {
    super(`before ${before}: ${cause.message}`);
    this.name = 'ReadModelBehindError';
  }
}

interface Waiter {
  position: Position;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** A fresh timeout from now. */
  rearm: () => void;
}

/**
 * Read-your-writes: callers waiting until the read model reaches a position. Each wait times out
 * (ProjectionLagTimeoutError) unless held: while a rebuild swaps the tables in, the wait is the
 * swap's, not a lag, and it gets a fresh timeout when the runner starts again.
 */
export class PositionWaiters {
  private waiters: Waiter[] = [];
  private held = false;

  /** Resolves once release() is given a checkpoint at or past `position`. */
  add(position: Position, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const expire = () => {
        if (this.held) return;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new ProjectionLagTimeoutError(position));
      };
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(expire, timeoutMs),
        rearm: () => {
          clearTimeout(waiter.timer);
          waiter.timer = setTimeout(expire, timeoutMs);
        },
      };
      this.waiters.push(waiter);
    });
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** No timeouts until resume(). */
  hold(): void {
    this.held = true;
  }

  /** After hold(): every waiter gets a fresh timeout from now. */
  resume(): void {
    if (!this.held) return;
    for (const waiter of this.waiters) waiter.rearm();
    this.held = false;
  }

  /** Resolves the waits the checkpoint has reached. */
  release(checkpoint: Position | null): void {
    if (this.waiters.length === 0 || !checkpoint) return;
    const done = this.waiters.filter((w) => comparePositions(checkpoint, w.position) >= 0);
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((w) => !done.includes(w));
    for (const waiter of done) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiters = [];
  }
}
