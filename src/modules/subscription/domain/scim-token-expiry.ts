import { DomainError } from '../../../platform/es/domain-event';

// Later instants would not be ISO-8601 basic years (toISOString gives "+010000-..."), which breaks ordering.
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
const ZONED = /(Z|[+-]\d\d(:?\d\d)?)$/i;

export class InvalidTokenExpiryError extends DomainError {
  constructor(message: string) {
    super('subscription.token.invalid-expiry', message, 'invalid');
  }
}

/** An ISO-8601 instant as stored (UTC, milliseconds), or null for a token that never expires. */
export function parseTokenExpiry(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  // A date-time without a zone would be read in the server's local time zone: refused.
  if (raw.includes('T') && !ZONED.test(raw))
    throw new InvalidTokenExpiryError(
      `expiresAt "${raw}" has no time zone: end it with Z or an offset such as +01:00`,
    );
  const time = Date.parse(raw);
  if (Number.isNaN(time))
    throw new InvalidTokenExpiryError(`expiresAt "${raw}" is not an ISO-8601 date-time`);
  if (time > LATEST) throw new InvalidTokenExpiryError('expiresAt must be before the year 10000');
  return new Date(time).toISOString();
}
