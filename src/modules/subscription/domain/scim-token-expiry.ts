import { DomainError } from '../../../platform/es/domain-event';

// Later instants would not be ISO-8601 basic years (toISOString gives "+010000-..."), which breaks ordering.
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

export class InvalidTokenExpiryError extends DomainError {
  constructor(message: string) {
    super('subscription.token.invalid-expiry', message, 'invalid');
  }
}

/** An ISO-8601 instant as stored (UTC, milliseconds), or null for a token that never expires. */
export function parseTokenExpiry(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const time = Date.parse(raw);
  if (Number.isNaN(time))
    throw new InvalidTokenExpiryError(`expiresAt "${raw}" is not an ISO-8601 date-time`);
  if (time > LATEST) throw new InvalidTokenExpiryError('expiresAt must be before the year 10000');
  return new Date(time).toISOString();
}
