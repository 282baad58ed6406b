/**
 * How many times each kind of optimistic write is tried before its caller answers a conflict (409):
 * bounds for a runaway, not for a busy resource. They differ by who can overtake the write.
 */
export const CONFLICT_ATTEMPTS = {
  /** Repository append: one stream's commands queue in this process, only another process overtakes. */
  append: 5,
  /** Group change on the index's snapshot: a group's changes queue, and a retry first waits for the head. */
  snapshot: 5,
  /** User change pinned across awaited facts (heir, manager, claims): a wider window than an append's. */
  pinnedDecision: 8,
  /** Recomputed from a read (SCIM PUT/PATCH, portal edit): each write of another door overtakes it. */
  recomputedFromRead: 25,
  /** Event version stamp raised at start (EventStoreDB): only another instance starting overtakes it. */
  eventVersionStamp: 5,
} as const;

export interface ConflictRetry {
  /** At most this many attempts: one of CONFLICT_ATTEMPTS. */
  attempts: number;
  /** The attempt was overtaken and may be tried again; any other error reaches the caller as it is. */
  isConflict: (error: unknown) => boolean;
  /** Runs between an overtaken attempt and the next one (not after the last). */
  beforeRetry?: () => Promise<void>;
  /** What the caller gets when the last attempt was overtaken too (given that attempt's error). */
  exhausted: (error: unknown) => unknown;
}

/**
 * Runs `attempt` (numbered from 1) until it returns, retrying only the errors `isConflict`
 * accepts, at most `attempts` times in all; then throws what `exhausted` makes of the last one.
 */
export async function retryOnConflict<T>(
  retry: ConflictRetry,
  attempt: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!retry.isConflict(error)) throw error;
      if (n >= retry.attempts) throw retry.exhausted(error);
      await retry.beforeRetry?.();
    }
  }
}
