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
  /** Used since it was stored or an eviction walk last passed it (its second chance). */
  used: boolean;
}

/**
 * The last folded state of recently used streams, with its revision, so that a load reads only
 * the events after it instead of the whole stream again (a PATCH loads its user twice). Always
 * completed from the store: an event appended elsewhere (another instance, an append without
 * the repository) is read and folded like any other, so an entry is never stale, only older.
 * States are never mutated (deciders are pure), which makes sharing them safe.
 *
 * Eviction is a clock (second chance), not a strict LRU: a hit only marks its entry, and a
 * write updates it in place. Moving an entry to the end of the Map on every use (delete, then
 * set) left a hole per use, and V8 rebuilds a Map's table once holes fill it: 2% more CPU per
 * PATCH and 5% per create at a fixed rate (docs/performance.md, session 21).
 */
export class AggregateStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = MAX_CACHED_STREAMS) {}

  get<State>(streamId: string, folder: object): { state: State; revision: number } | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.folder !== folder) return undefined;
    entry.used = true;
    return { state: entry.state as State, revision: entry.revision };
  }

  set(streamId: string, folder: object, state: unknown, revision: number): void {
    const known = this.entries.get(streamId);
    if (known) {
      // Two loads may finish out of order: never go back to an older revision.
      if (known.folder === folder && known.revision > revision) return;
      known.folder = folder;
      known.state = state;
      known.revision = revision;
      known.used = true;
      return;
    }
    // Room is made before the new entry goes in: never the one evicted.
    if (this.entries.size >= this.capacity) this.evict();
    this.entries.set(streamId, { folder, state, revision, used: false });
  }

  /**
   * Drops a tenth of the capacity in one walk (one entry per set cost ~8 us per create at 64
   * connections: every new iterator walked the holes deleted entries leave at a Map's front).
   * From the oldest entry on, the walk clears the mark of each used entry it passes and drops the
   * unmarked ones; it goes round at most twice.
   */
  private evict(): void {
    let excess = this.entries.size + 1 - this.capacity + Math.floor(this.capacity / 10);
    let hand = this.entries.entries();
    while (excess > 0) {
      let next = hand.next();
      if (next.done) {
        hand = this.entries.entries();
        next = hand.next();
        if (next.done) return;
      }
      const [streamId, entry] = next.value;
      if (entry.used) {
        entry.used = false;
        continue;
      }
      this.entries.delete(streamId);
      excess--;
    }
  }
}
