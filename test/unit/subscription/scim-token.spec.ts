import * as crypto from 'node:crypto';
import { generateScimToken } from '../../../src/modules/subscription/application/scim-token.generator';
import {
  acceptsScimSecret,
  formatScimToken,
  hashScimSecret,
  parseScimToken,
  scimTokenIdOf,
  scimTokenStatus,
} from '../../../src/modules/subscription/domain/scim-token';
import {
  InvalidTokenExpiryError,
  parseTokenExpiry,
} from '../../../src/modules/subscription/domain/scim-token-expiry';

// A spy on the constant-time compare: node's module object cannot be spied on in place.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof crypto>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const NOW = new Date('2025-06-01T12:00:00.000Z');

function stored(secret: string, overrides: { expiresAt?: string | null; revokedAt?: string | null } = {}) {
  return { secretHash: hashScimSecret(secret), expiresAt: null, revokedAt: null, ...overrides };
}

describe('SCIM token', () => {
  beforeEach(() => jest.mocked(crypto.timingSafeEqual).mockClear());

  it('has the form scim_<16 hex id>_<secret>, the secret 32 random bytes (256 bits) in base64url', () => {
    const parts = generateScimToken();
    const token = formatScimToken(parts);
    expect(token).toMatch(/^scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(parts.secret, 'base64url')).toHaveLength(32);
    expect(parseScimToken(token)).toEqual(parts);
  });

  it('is different every time', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => formatScimToken(generateScimToken())));
    const ids = new Set([...tokens].map((token) => parseScimToken(token)!.tokenId));
    expect(tokens.size).toBe(200);
    expect(ids.size).toBe(200);
  });

  it.each([
    '',
    'scim_0123456789abcdef',
    'scim_0123456789ABCDEF_' + 'a'.repeat(43),
    'scim_0123456789abcdef_' + 'a'.repeat(42),
    'scim_0123456789abcdef_' + 'a'.repeat(44),
    'Bearer scim_0123456789abcdef_' + 'a'.repeat(43),
    'scim_0123456789abcdef_' + 'a'.repeat(42) + '=',
  ])('refuses the malformed token %p', (token) => expect(parseScimToken(token)).toBeNull());

  it('stores only the sha256 hex of the secret', () => {
    const { secret } = generateScimToken();
    const hash = hashScimSecret(secret);
    expect(hash).toBe(crypto.createHash('sha256').update(secret).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
  });

  it('accepts the right secret, comparing the hashes in constant time', () => {
    const { secret } = generateScimToken();
    expect(acceptsScimSecret(stored(secret), secret, NOW)).toBe(true);
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it('refuses a wrong secret', () => {
    const { secret } = generateScimToken();
    expect(acceptsScimSecret(stored(secret), generateScimToken().secret, NOW)).toBe(false);
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it('refuses a revoked token even with the right secret', () => {
    const { secret } = generateScimToken();
    expect(acceptsScimSecret(stored(secret, { revokedAt: '2025-05-01T00:00:00.000Z' }), secret, NOW)).toBe(
      false,
    );
  });

  it('refuses a token from the instant it expires', () => {
    const { secret } = generateScimToken();
    expect(acceptsScimSecret(stored(secret, { expiresAt: NOW.toISOString() }), secret, NOW)).toBe(false);
    expect(acceptsScimSecret(stored(secret, { expiresAt: '2025-06-01T12:00:00.001Z' }), secret, NOW)).toBe(
      true,
    );
  });

  it('reports a status: revoked before expired before active', () => {
    expect(scimTokenStatus({ expiresAt: null, revokedAt: null }, NOW)).toBe('active');
    expect(scimTokenStatus({ expiresAt: '2025-01-01T00:00:00.000Z', revokedAt: null }, NOW)).toBe('expired');
    expect(
      scimTokenStatus({ expiresAt: '2025-01-01T00:00:00.000Z', revokedAt: '2024-01-01T00:00:00.000Z' }, NOW),
    ).toBe('revoked');
  });

  it('stores an expiry as a UTC instant; refuses what is not a date or too far away', () => {
    expect(parseTokenExpiry(undefined)).toBeNull();
    expect(parseTokenExpiry(null)).toBeNull();
    expect(parseTokenExpiry('2030-01-01T02:00:00+02:00')).toBe('2030-01-01T00:00:00.000Z');
    expect(() => parseTokenExpiry('tomorrow')).toThrow(InvalidTokenExpiryError);
    expect(() => parseTokenExpiry('+010000-01-01T00:00:00Z')).toThrow(InvalidTokenExpiryError);
  });
});

describe('scimTokenIdOf', () => {
  it('reads the id of a token whatever its secret, and nothing from text that names none', () => {
    const id = '0123456789abcdef';
    for (const secret of ['A'.repeat(43), 'A'.repeat(42), 'A'.repeat(44), '', 'bad char!'])
      expect(scimTokenIdOf(`scim_${id}_${secret}`)).toBe(id);
    for (const text of ['scim_0123456789abcdef', 'scim_0123456789ABCDEF_x', 'Bearer x', `xscim_${id}_x`])
      expect(scimTokenIdOf(text)).toBeNull();
  });
});
