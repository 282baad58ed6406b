/**
 * Runs async work one at a time per key, in arrival order, within this process. For
 * read-decide-write sequences that must not interleave (e.g. concurrent PATCHes of one resource,
 * nesting changes of one subscription's groups); other processes are still caught by the
 * expected revision where one applies.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => done) : done;
    this.tails.set(key, tail);
    // A free key (most of the time) starts at once, without a turn of the microtask queue.
    if (previous) await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
