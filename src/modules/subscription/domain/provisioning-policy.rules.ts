import { DomainError } from '../../../platform/es/domain-event';
import {
  ProvisioningPolicy,
  REQUIRED_USER_ATTRIBUTES,
  RequiredUserAttribute,
} from '../contracts/provisioning-policy';

export class UnknownRequiredAttributeError extends DomainError {
  constructor(unknown: string[]) {
    super(
      'subscription.policy.unknown-attribute',
      `unknown required user attribute(s): ${unknown.join(', ')}; allowed: ${REQUIRED_USER_ATTRIBUTES.join(', ')}`,
      'invalid',
    );
  }
}

// SCIM attribute names are case-insensitive (RFC 7643 2.1): accept any case, store the canonical one.
const CANONICAL = new Map<string, RequiredUserAttribute>(
  REQUIRED_USER_ATTRIBUTES.map((name) => [name.toLowerCase(), name]),
);

/**
 * A valid policy from an admin's input: names canonical and unique, in the order of
 * REQUIRED_USER_ATTRIBUTES; userName is always required, so it is added back when left out.
 */
export function provisioningPolicy(
  requiredUserAttributes: readonly string[],
  synchronizeDisabledUsers: boolean,
): ProvisioningPolicy {
  const unknown = requiredUserAttributes.filter((name) => !CANONICAL.has(name.toLowerCase()));
  if (unknown.length > 0) throw new UnknownRequiredAttributeError(unknown);
  const wanted = new Set(requiredUserAttributes.map((name) => CANONICAL.get(name.toLowerCase())));
  wanted.add('userName');
  return {
    requiredUserAttributes: REQUIRED_USER_ATTRIBUTES.filter((name) => wanted.has(name)),
    synchronizeDisabledUsers,
  };
}

export function samePolicy(a: ProvisioningPolicy, b: ProvisioningPolicy): boolean {
  return (
    a.synchronizeDisabledUsers === b.synchronizeDisabledUsers &&
    a.requiredUserAttributes.length === b.requiredUserAttributes.length &&
    a.requiredUserAttributes.every((name, i) => name === b.requiredUserAttributes[i])
  );
}
