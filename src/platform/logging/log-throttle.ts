/**
 * At most one log line per period for a failure that repeats every few ms (a full disk): say()
 * answers whether this occurrence is logged; reset() after recovery, so the next failure is.
 */
export class LogThrottle {
  private lastLogged = -Infinity;

  constructor(private readonly everyMs: number) {}

  say(): boolean {
    const now = performance.now();
    if (now - this.lastLogged < this.everyMs) return false;
    this.lastLogged = now;
    return true;
  }

  reset(): void {
    this.lastLogged = -Infinity;
  }
}
