import { expect } from '@jest/globals';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../../src/platform/event-store/event-store.errors';
import { InFlightAppends } from '../../../src/platform/event-store/in-flight-appends';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('InFlightAppends: whether the storage refuses appends', () => {
  it('is set from the first refusal by the storage, with the last reason, until an append goes through', async () => {
    const appends = new InFlightAppends();
    expect(appends.lastFailure).toBeUndefined();
    appends.track(Promise.reject(new EventStoreUnavailableError('database or disk is full'))).catch(() => {});
    await settle();
    const first = appends.lastFailure;
    expect(first).toEqual({ since: expect.any(String), message: 'database or disk is full' });

    appends.track(Promise.reject(new EventStoreUnavailableError('disk I/O error'))).catch(() => {});
    await settle();
    expect(appends.lastFailure).toEqual({ since: first?.since, message: 'disk I/O error' });

    await appends.track(Promise.resolve('stored'));
    await settle();
    expect(appends.lastFailure).toBeUndefined();
  });

  it("is not set by a refusal that is the request's (a conflict)", async () => {
    const appends = new InFlightAppends();
    appends.track(Promise.reject(new WrongExpectedRevisionError('s', 1, 2))).catch(() => {});
    await settle();
    expect(appends.lastFailure).toBeUndefined();
  });
});
