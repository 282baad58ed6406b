import { DomainError } from '../../../platform/es/domain-event';
import { SubscriptionNotFoundError } from './subscription.errors';

// A DNS label: it becomes the host `users-<name>.<domain>` of the tenant URL.
// Checked before lower-casing: "\u212Aelvin" (the Kelvin sign) lower-cases to "kelvin".
const DNS_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
// A new name must leave room for "users-" in that 63-character label (RFC 1035 2.3.4); names
// made before this rule (up to 63) are still found.
const NEW_NAME_MAX = 63 - 'users-'.length;

export class InvalidSubscriptionNameError extends DomainError {
  constructor(raw: string) {
    super(
      'subscription.invalid-name',
      `subscription name "${raw}" is not a DNS label that fits in the tenant URL's host users-<name>: 1-${NEW_NAME_MAX} characters a-z, 0-9 or '-', not starting or ending with '-'`,
      'invalid',
    );
  }
}

/** Lower-cased name, or null when it can never be a subscription name. */
export function normalizeSubscriptionName(raw: string): string | null {
  return DNS_LABEL.test(raw) ? raw.toLowerCase() : null;
}

/** A name for a new subscription, lower-cased. */
export function parseSubscriptionName(raw: string): string {
  const name = normalizeSubscriptionName(raw);
  if (name === null || name.length > NEW_NAME_MAX) throw new InvalidSubscriptionNameError(raw);
  return name;
}

/** For commands and queries on an existing subscription: a name that cannot exist is simply not found. */
export function existingSubscriptionName(raw: string): string {
  const name = normalizeSubscriptionName(raw);
  if (name === null) throw new SubscriptionNotFoundError(raw);
  return name;
}
