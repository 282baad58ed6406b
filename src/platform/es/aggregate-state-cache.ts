/**
 * How many streams' states are kept: about 1 to 2 KB each for a user, all of it live heap that
 * every full GC marks. 2,000 covers the PATCH that follows a create (Entra sets the manager in a
 * second request); 5,000 held 4 to 5 MB more of the event loop's heap (docs/performance.md,
 * session 19).
 */
export const MAX_CACHED_STREAMS = 2_000;

interface Entry {
  /** The decider that folded it: a state is only reused by the same one. */
  folder: object;
  state: unknown;
  revision: number;
}

/**
 * The last folded state of recently used streams, with its revision, so that a load reads only
 * the events after it instead of the whole stream again (a PATCH loads its user twice). Always
 * completed from the store: an event appended elsewhere (another instance, an append without
 * the repository) is read and folded like any other, so an entry is never stale, only older.
 * States are never mutated (deciders are pure), which makes sharing them safe. Least recently
 * used entries go first.
 */
export class AggregateStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = MAX_CACHED_STREAMS) {}

  get<State>(streamId: string, folder: object): { state: State; revision: number } | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.folder !== folder) return undefined;
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return { state: entry.state as State, revision: entry.revision };
  }

  set(streamId: string, folder: object, state: unknown, revision: number): void {
    const known = this.entries.get(streamId);
    // Two loads may finish out of order: never go back to an older revision.
    if (known && known.folder === folder && known.revision > revision) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { folder, state, revision });
    if (this.entries.size > this.capacity) this.evictOldest();
  }

  /**
   * Drops the least recently used tenth in one walk. Evicting one entry per set cost ~8 us per
   * create at 64 connections (2.6% of the event loop): a Map keeps deleted entries as holes at
   * its front until it rehashes, and every new iterator walks over them again.
   */
  private evictOldest(): void {
    let excess = this.entries.size - this.capacity + Math.floor(this.capacity / 10);
    for (const streamId of this.entries.keys()) {
      if (excess-- <= 0) break;
      this.entries.delete(streamId);
    }
  }
}
