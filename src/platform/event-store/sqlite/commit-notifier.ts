/**
 * In-process "something was committed" signal. A generation counter instead of a pushed event
 * list: a waiter that read the DB at generation g and found nothing new waits for g+1, so a
 * commit landing between its read and its wait is never missed.
 */
export class CommitNotifier {
  private generation = 0;
  private waiters: (() => void)[] = [];

  get current(): number {
    return this.generation;
  }

  notify(): void {
    this.generation++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the first commit after generation `seen` (at once if one already happened). */
  waitForCommitAfter(seen: number, wake: () => void): void {
    if (this.generation !== seen) wake();
    else this.waiters.push(wake);
  }

  /** Wakes every waiter, e.g. when the store closes. */
  wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
