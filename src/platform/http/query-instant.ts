import { DomainError } from '../es/domain-event';

// RFC 3339 date-time with an explicit zone: a time without one would silently mean the server's zone.
const INSTANT = /^(\d{4})-(\d\d)-(\d\d)T\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/i;

/**
 * Parses an instant of a query string (`asOf`, `from`, `to`); null when it is not an ISO-8601
 * date-time with a zone. A `+` of the zone sent unencoded arrives as a space (form decoding of
 * query strings): "…T10:00:00 02:00" is read as "…T10:00:00+02:00".
 */
export function parseInstant(text: string): Date | null {
  const instant = text.trim().replace(/ (\d\d:\d\d)$/, '+$1');
  const match = INSTANT.exec(instant);
  if (!match) return null;
  // Date.parse rolls 2024-02-30 over to March: refuse a day the month does not have.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const time = Date.parse(instant);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * The `asOf` of a time-travel request: an instant with a zone, not in the future (the log cannot
 * say what an entity will be). Throws a DomainError (400 on the admin API) saying which.
 */
export function parseAsOf(text: string): Date {
  const moment = parseInstant(text);
  if (!moment)
    throw new DomainError(
      'as-of.invalid',
      `asOf must be an ISO-8601 date-time with a zone, e.g. 2025-01-31T23:59:59Z; got "${text}"`,
    );
  if (moment.getTime() > Date.now())
    throw new DomainError(
      'as-of.future',
      `asOf ${moment.toISOString()} is in the future: leave asOf out for now`,
    );
  return moment;
}
