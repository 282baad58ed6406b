import { DomainError } from '../../../platform/es/domain-event';

// How a missing profile attribute is named when "a X" says more than its name.
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  email: 'a work or primary email',
  phoneNumber: 'a phone number',
};

/**
 * seed: a user whose data is incomplete is not synchronized. `missing`: the profile attributes
 * of the subscription's policy it lacks (REQUIRED_PROFILE_ATTRIBUTES' names), so that an edge can
 * name them in its own terms (SCIM's attribute paths).
 */
export class IncompleteUserError extends DomainError {
  constructor(readonly missing: readonly string[]) {
    super(
      'user.incomplete',
      `user not synchronized: incomplete data, missing ${missing.map((a) => DESCRIPTIONS[a] ?? a).join(', ')}`,
      'invalid',
    );
  }
}
