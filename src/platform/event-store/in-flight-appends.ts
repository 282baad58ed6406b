import { EventStoreUnavailableError } from './event-store.errors';

/** Appends refused by the storage since the last one it took: when the first was, and why the last. */
export interface AppendFailure {
  since: string;
  message: string;
}

/**
 * The appends a store was given and has not answered yet, and whether the storage refuses them.
 * A reader by time (asOf) waits for them: an event is timed (metadata.timestamp) before the store
 * commits it, so until then a moment just past may still gain an event, and the same question
 * could be answered twice differently. Readiness reads the refusals (a full disk).
 */
export class InFlightAppends {
  private readonly pending = new Set<Promise<unknown>>();
  private failure: AppendFailure | undefined;

  /** Call it in the same turn as the append starts: an append not yet tracked is not waited for. */
  track<T>(append: Promise<T>): Promise<T> {
    this.pending.add(append);
    append.then(
      () => {
        this.pending.delete(append);
        this.failure = undefined;
      },
      (error: unknown) => {
        this.pending.delete(append);
        // A conflict or a refused event is the request's; an unavailable store is the storage's.
        if (error instanceof EventStoreUnavailableError)
          this.failure = { since: this.failure?.since ?? new Date().toISOString(), message: error.message };
      },
    );
    return append;
  }

  /** Set while the storage refuses appends: from the first refusal until an append goes through. */
  get lastFailure(): AppendFailure | undefined {
    return this.failure;
  }

  /** Resolves once every append tracked before the call is answered, committed or refused. */
  async settled(): Promise<void> {
    if (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
