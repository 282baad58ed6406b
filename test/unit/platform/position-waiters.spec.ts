import {
  PositionWaiters,
  ProjectionLagTimeoutError,
} from '../../../src/platform/read-model/position-waiters';

const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('PositionWaiters (read-your-writes)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves the waits a checkpoint reaches, and only those', async () => {
    const waiters = new PositionWaiters();
    const settled: number[] = [];
    void waiters.add(at(5), 1000).then(() => settled.push(5));
    void waiters.add(at(9), 1000).then(() => settled.push(9));
    waiters.release(at(7));
    await Promise.resolve();
    expect(settled).toEqual([5]);
    waiters.release(at(9));
    await Promise.resolve();
    expect(settled).toEqual([5, 9]);
  });

  it('times out with ProjectionLagTimeoutError', async () => {
    const wait = new PositionWaiters().add(at(3), 100);
    jest.advanceTimersByTime(100);
    await expect(wait).rejects.toBeInstanceOf(ProjectionLagTimeoutError);
  });

  it('held, no wait times out; resumed, each gets a fresh timeout', async () => {
    const waiters = new PositionWaiters();
    let outcome = 'waiting';
    void waiters.add(at(3), 100).then(
      () => (outcome = 'resolved'),
      () => (outcome = 'timed out'),
    );
    waiters.hold();
    jest.advanceTimersByTime(500);
    await Promise.resolve();
    expect(outcome).toBe('waiting');
    waiters.resume();
    jest.advanceTimersByTime(99);
    waiters.release(at(3));
    await Promise.resolve();
    expect(outcome).toBe('resolved');
  });

  it('rejects every wait with the failure', async () => {
    const waiters = new PositionWaiters();
    const wait = waiters.add(at(3), 1000);
    waiters.rejectAll(new Error('store gone'));
    await expect(wait).rejects.toThrow('store gone');
  });
});
