import { timingSafeEqual } from 'node:crypto';

/**
 * Secrets already checked against a token row's hash, keyed by that row object: the next request
 * with the token compares bytes in constant time instead of hashing again (the hash was most of
 * the token check). A row the projection changes (revoke) is reloaded as a new object and checked
 * again; the token's status is never remembered. Weak keys: bounded by the token row cache.
 */
export class VerifiedScimSecrets {
  /** With a buffer of the same length that each check writes the presented secret into. */
  private readonly secrets = new WeakMap<object, { known: Buffer; presented: Buffer }>();

  matches(row: object, secret: string): boolean {
    const entry = this.secrets.get(row);
    if (!entry) return false;
    if (Buffer.byteLength(secret, 'utf8') !== entry.known.length) return false;
    entry.presented.write(secret, 0, 'utf8');
    return timingSafeEqual(entry.presented, entry.known);
  }

  remember(row: object, secret: string): void {
    const known = Buffer.from(secret, 'utf8');
    this.secrets.set(row, { known, presented: Buffer.alloc(known.length) });
  }
}
