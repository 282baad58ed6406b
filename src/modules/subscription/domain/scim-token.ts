import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * `scim_<tokenId>_<secret>`: the id (16 hex) finds the stored row without revealing anything;
 * the secret (32 random bytes, base64url) is what proves possession and is stored only hashed.
 */
const TOKEN = /^scim_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const SCIM_TOKEN_ID_BYTES = 8;
export const SCIM_TOKEN_SECRET_BYTES = 32;

export interface ScimTokenParts {
  tokenId: string;
  secret: string;
}

/** What the read model keeps of a token: enough to check it, never the secret. */
export interface StoredScimToken {
  secretHash: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export type ScimTokenStatus = 'active' | 'revoked' | 'expired';

export function formatScimToken({ tokenId, secret }: ScimTokenParts): string {
  return `scim_${tokenId}_${secret}`;
}

export function parseScimToken(token: string): ScimTokenParts | null {
  const match = TOKEN.exec(token);
  return match ? { tokenId: match[1], secret: match[2] } : null;
}

// The id part alone: a token with a secret cut short or one character too many still names it.
const TOKEN_ID = /^scim_([0-9a-f]{16})_/;

/** The token id a presented token names, whatever its secret; null when it names none. */
export function scimTokenIdOf(token: string): string | null {
  return TOKEN_ID.exec(token)?.[1] ?? null;
}

export function hashScimSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function scimTokenStatus(token: Omit<StoredScimToken, 'secretHash'>, now: Date): ScimTokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** The secret matches (compared in constant time) and the token is neither revoked nor expired. */
export function acceptsScimSecret(stored: StoredScimToken, secret: string, now: Date): boolean {
  const expected = Buffer.from(stored.secretHash, 'hex');
  const actual = Buffer.from(hashScimSecret(secret), 'hex');
  const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
  return matches && scimTokenStatus(stored, now) === 'active';
}
