import { DomainError } from '../../../platform/es/domain-event';
import {
  ProvisioningPolicy,
  REQUIRED_PROFILE_ATTRIBUTES,
  RequiredProfileAttribute,
} from '../contracts/provisioning-policy';

export class UnknownRequiredAttributeError extends DomainError {
  constructor(unknown: readonly string[]) {
    super(
      'subscription.policy.unknown-attribute',
      `unknown required user attribute(s): ${unknown.join(', ')}; allowed: ${REQUIRED_PROFILE_ATTRIBUTES.join(', ')}`,
      'invalid',
    );
  }
}

const KNOWN: ReadonlySet<string> = new Set(REQUIRED_PROFILE_ATTRIBUTES);

/**
 * A valid policy: attributes unique, in the order of REQUIRED_PROFILE_ATTRIBUTES; userName is
 * always required, so it is added back when left out.
 */
export function provisioningPolicy(
  requiredUserAttributes: readonly RequiredProfileAttribute[],
  synchronizeDisabledUsers: boolean,
): ProvisioningPolicy {
  // Typed, but a command is data from another module: check rather than store a stray name.
  const unknown = requiredUserAttributes.filter((name) => !KNOWN.has(name));
  if (unknown.length > 0) throw new UnknownRequiredAttributeError(unknown);
  const wanted = new Set<string>(requiredUserAttributes);
  wanted.add('userName');
  return {
    requiredUserAttributes: REQUIRED_PROFILE_ATTRIBUTES.filter((name) => wanted.has(name)),
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
