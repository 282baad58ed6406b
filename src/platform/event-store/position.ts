/**
 * A global position in $all. EventStoreDB needs both parts (events of one multi-event append
 * share a commit position); the SQLite store uses the same number for both.
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

export const START: Position = { commit: -1n, prepare: -1n };

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function isAfter(a: Position, b: Position): boolean {
  return comparePositions(a, b) > 0;
}

/** "42" when both parts are equal (SQLite), "42:40" otherwise. */
export function formatPosition(p: Position): string {
  return p.commit === p.prepare ? p.commit.toString() : `${p.commit}:${p.prepare}`;
}

export function parsePosition(text: string): Position {
  const match = /^(-?\d+)(?::(-?\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a position: ${text}`);
  const commit = BigInt(match[1]);
  return { commit, prepare: match[2] === undefined ? commit : BigInt(match[2]) };
}
