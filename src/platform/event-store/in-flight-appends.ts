/**
 * The appends a store was given and has not answered yet. A reader by time (asOf) waits for them:
 * an event is timed (metadata.timestamp) before the store commits it, so until then a moment just
 * past may still gain an event, and the same question could be answered twice differently.
 */
export class InFlightAppends {
  private readonly pending = new Set<Promise<unknown>>();

  /** Call it in the same turn as the append starts: an append not yet tracked is not waited for. */
  track<T>(append: Promise<T>): Promise<T> {
    this.pending.add(append);
    const forget = () => this.pending.delete(append);
    append.then(forget, forget);
    return append;
  }

  /** Resolves once every append tracked before the call is answered, committed or refused. */
  async settled(): Promise<void> {
    if (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
