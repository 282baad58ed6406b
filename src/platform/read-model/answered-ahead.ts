import { Position, comparePositions } from '../event-store/position';

/** Entries are swept (those the read model holds) when the map reaches this size, or twice the last. */
const FIRST_SWEEP = 4096;

/**
 * Writes answered once durable, before the read model holds them (the read model catches up on
 * another thread meanwhile), each under the key of the resource it wrote. Read-your-writes moves
 * to the reading side: a read of one resource waits for that resource's last such write, any
 * other read for all of them (see ReadModel.waitForAnswered).
 */
export class AnsweredAhead {
  private last: Position | null = null;
  private readonly keys = new Map<string, Position>();
  private sweepAt = FIRST_SWEEP;

  add(key: string, position: Position, held: Position | null): void {
    if (this.last === null || comparePositions(position, this.last) > 0) this.last = position;
    this.keys.set(key, position);
    if (this.keys.size >= this.sweepAt) {
      if (held) for (const [k, p] of this.keys) if (comparePositions(p, held) <= 0) this.keys.delete(k);
      this.sweepAt = Math.max(FIRST_SWEEP, this.keys.size * 2);
    }
  }

  /** The position every read must wait for; null when the read model (at `held`) has it all. */
  pendingAll(held: Position | null): Position | null {
    const last = this.last;
    if (last === null) return null;
    if (held !== null && comparePositions(held, last) >= 0) {
      this.last = null;
      this.keys.clear();
      this.sweepAt = FIRST_SWEEP;
      return null;
    }
    return last;
  }

  /** The position a read of `key` must wait for; null when the read model (at `held`) has it. */
  pendingFor(key: string, held: Position | null): Position | null {
    const position = this.keys.get(key);
    if (position === undefined) return null;
    if (held !== null && comparePositions(held, position) >= 0) {
      this.keys.delete(key);
      return null;
    }
    return position;
  }
}
