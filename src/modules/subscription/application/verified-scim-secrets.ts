import { timingSafeEqual } from 'node:crypto';

/**
 * Secrets already checked against a token row's hash, keyed by that row object: the next request
 * with the token compares bytes in constant time instead of hashing again (the hash was most of
 * the token check). A row the projection changes (revoke) is reloaded as a new object and checked
 * again; the token's status is never remembered. Weak keys: bounded by the token row cache.
 */
export class VerifiedScimSecrets {
  private readonly secrets = new WeakMap<object, Buffer>();

  matches(row: object, secret: string): boolean {
    const known = this.secrets.get(row);
    if (!known) return false;
    const presented = Buffer.from(secret, 'utf8');
    return presented.length === known.length && timingSafeEqual(presented, known);
  }

  remember(row: object, secret: string): void {
    this.secrets.set(row, Buffer.from(secret, 'utf8'));
  }
}
