import {
  InvalidSubscriptionNameError,
  existingSubscriptionName,
  parseSubscriptionName,
} from '../../../src/modules/subscription/domain/subscription-name';
import { SubscriptionNotFoundError } from '../../../src/modules/subscription/domain/subscription.errors';
import {
  subscriptionOfStream,
  subscriptionStream,
} from '../../../src/modules/subscription/domain/subscription-stream';

describe('subscription name', () => {
  it.each(['acme', 'a', 'acme-2', '0day', 'a'.repeat(57)])('accepts the DNS label %s', (name) =>
    expect(parseSubscriptionName(name)).toBe(name),
  );

  it('lower-cases', () => expect(parseSubscriptionName('AcMe-Corp')).toBe('acme-corp'));

  // 58 and more: "users-" plus the name would be longer than a DNS label (63).
  it.each(['', '-acme', 'acme-', 'ac_me', 'ac.me', 'acmé', 'a b', 'a'.repeat(58), '\u212Aelvin'])(
    'refuses %p',
    (name) => expect(() => parseSubscriptionName(name)).toThrow(InvalidSubscriptionNameError),
  );

  it('still finds a name of up to 63 characters made before that rule', () =>
    expect(existingSubscriptionName('a'.repeat(63))).toBe('a'.repeat(63)));

  it('a name that cannot exist is not found on an existing-subscription command', () =>
    expect(() => existingSubscriptionName('no_such')).toThrow(SubscriptionNotFoundError));

  it('builds and reads the stream name in one place', () => {
    expect(subscriptionStream('acme')).toBe('subscription-acme');
    expect(subscriptionOfStream('subscription-acme')).toBe('acme');
    expect(subscriptionOfStream('user-acme-1')).toBeNull();
  });
});
