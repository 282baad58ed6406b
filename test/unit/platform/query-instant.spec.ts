import { parseInstant } from '../../../src/platform/http/query-instant';

describe('parseInstant: the asOf parameter', () => {
  it.each([
    ['2025-01-31T23:59:59Z', '2025-01-31T23:59:59.000Z'],
    ['2025-01-31T23:59:59.123Z', '2025-01-31T23:59:59.123Z'],
    ['2025-01-31T23:59Z', '2025-01-31T23:59:00.000Z'],
    ['2025-02-01T01:59:59+02:00', '2025-01-31T23:59:59.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('accepts %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    'yesterday',
    '',
    '2025-01-31',
    // No zone: it would silently mean the server's.
    '2025-01-31T10:00:00',
    '2025-02-30T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-01-31T25:00:00Z',
    '1738367999',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});
