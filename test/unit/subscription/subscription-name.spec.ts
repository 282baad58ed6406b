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
  it.each(['acme', 'a', 'acme-2', '0day', 'a'.repeat(63)])('accepts the DNS label %s', (name) =>
    expect(parseSubscriptionName(name)).toBe(name),
  );

  it('lower-cases', () => expect(parseSubscriptionName('AcMe-Corp')).toBe('acme-corp'));

  it.each(['', '-acme', 'acme-', 'ac_me', 'ac.me', 'acmé', 'a b', 'a'.repeat(64), '\u212Aelvin'])(
    'refuses %p',
    (name) => expect(() => parseSubscriptionName(name)).toThrow(InvalidSubscriptionNameError),
  );

  it('a name that cannot exist is not found on an existing-subscription command', () =>
    expect(() => existingSubscriptionName('no_such')).toThrow(SubscriptionNotFoundError));

  it('builds and reads the stream name in one place', () => {
    expect(subscriptionStream('acme')).toBe('subscription-acme');
    expect(subscriptionOfStream('subscription-acme')).toBe('acme');
    expect(subscriptionOfStream('user-acme-1')).toBeNull();
  });
});
