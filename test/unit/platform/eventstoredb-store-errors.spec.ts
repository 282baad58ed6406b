import { EventStoreUnavailableError } from '../../../src/platform/event-store/event-store.errors';
import { toPortError } from '../../../src/platform/event-store/eventstoredb/store-errors';

describe('toPortError (EventStoreDB adapter)', () => {
  const grpc = (code: number) =>
    Object.assign(new Error(`${code} SOMETHING: No connection established`), { code, details: 'x' });

  it.each([14, 4, 1])(
    'a raw gRPC error of code %i (the client calls before an append) means the store is unavailable',
    (code) => {
      const mapped = toPortError(grpc(code), 'esdb://node:2113');
      expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
      expect((mapped as Error).message).toMatch(/^EventStoreDB at esdb:\/\/node:2113 is unavailable: /);
    },
  );

  it('passes any other error through', () => {
    const invalid = grpc(3);
    expect(toPortError(invalid, 's')).toBe(invalid);
    const plain = new Error('boom');
    expect(toPortError(plain, 's')).toBe(plain);
  });
});
