import { expect } from '@jest/globals';
import { LogThrottle } from '../../../src/platform/logging/log-throttle';

describe('LogThrottle', () => {
  it('says the first occurrence, then none within the period, and the first again after reset', () => {
    const throttle = new LogThrottle(60_000);
    expect([throttle.say(), throttle.say(), throttle.say()]).toEqual([true, false, false]);
    throttle.reset();
    expect(throttle.say()).toBe(true);
  });

  it('says again once the period has passed', async () => {
    const throttle = new LogThrottle(20);
    expect(throttle.say()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(throttle.say()).toBe(true);
  });
});
