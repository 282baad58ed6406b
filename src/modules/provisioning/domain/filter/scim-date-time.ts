// xsd:dateTime (RFC 7643 section 2.3.5), also a bare date; seconds, fraction and zone are optional.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:[Zz]|([+-])(\d{2}):?(\d{2}))?$/;

const MAX_OFFSET_MINUTES = 18 * 60;

/**
 * The one text form dateTime values are stored and compared in: ISO-8601 UTC with milliseconds,
 * e.g. "2024-05-01T10:00:00.000Z", so that text order is time order.
 * A time without zone is taken as UTC. Returns undefined when the text is not a valid dateTime.
 */
export function normalizeScimDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const sign = match[8] === '-' ? -1 : 1;
  const offsetMinutes = match[8] ? sign * (Number(match[9]) * 60 + Number(match[10])) : 0;
  // Date would roll "02-30" over to March: check the fields instead of matching the wrong day.
  const daysInMonth =
    new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hours <= 23 &&
    minutes <= 59 &&
    seconds <= 59 &&
    Math.abs(offsetMinutes) <= MAX_OFFSET_MINUTES;
  if (!valid) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes - offsetMinutes, seconds, millis);
  return date.toISOString();
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Whether a dateTime text is finer than the stored form: a fraction with a non-zero digit after
 * the milliseconds ("10:00:00.0001Z"). normalizeScimDateTime drops those digits, so a comparison
 * with such an operand must account for them (no stored value equals it).
 */
export function hasSubMillisecondPart(text: string): boolean {
  const match = DATE_TIME.exec(text.trim());
  return match !== null && /[1-9]/.test((match[7] ?? '').slice(3));
}
