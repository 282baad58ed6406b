import { uuidV7 } from '../../../src/platform/es/uuid-v7';

describe('uuidV7', () => {
  it('is an RFC 9562 version 7, variant 10 UUID', () => {
    expect(uuidV7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries the time in its first 48 bits, so later ids sort after earlier ones', () => {
    const at = Date.UTC(2026, 10, 28, 12, 0, 0);
    const id = uuidV7(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(uuidV7(at + 1) > uuidV7(at)).toBe(true);
  });

  it('differs between calls in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuidV7(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
