import { DomainError } from '../../../platform/es/domain-event';
import { SubscriptionNotFoundError } from './subscription.errors';

// A DNS label: it becomes the host `users-<name>.<domain>` of the tenant URL.
// Checked before lower-casing: "\u212Aelvin" (the Kelvin sign) lower-cases to "kelvin".
const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

export class InvalidSubscriptionNameError extends DomainError {
  constructor(raw: string) {
    super(
      'subscription.invalid-name',
      `subscription name "${raw}" is not a DNS label: 1-63 characters a-z, 0-9 or '-', not starting or ending with '-'`,
      'invalid',
    );
  }
}

/** Lower-cased name, or null when it can never be a subscription name. */
export function normalizeSubscriptionName(raw: string): string | null {
  return DNS_LABEL.test(raw) ? raw.toLowerCase() : null;
}

export function parseSubscriptionName(raw: string): string {
  const name = normalizeSubscriptionName(raw);
  if (name === null) throw new InvalidSubscriptionNameError(raw);
  return name;
}

/** For commands and queries on an existing subscription: a name that cannot exist is simply not found. */
export function existingSubscriptionName(raw: string): string {
  const name = normalizeSubscriptionName(raw);
  if (name === null) throw new SubscriptionNotFoundError(raw);
  return name;
}
