import { UserProfile } from '../contracts/user-profile';

/** What a subscription requires of a user before it is synchronized (seed: "incomplete users"). */
export interface SynchronizationRule {
  requiredAttributes: readonly string[];
  synchronizeDisabledUsers: boolean;
}

const filled = (value: string | undefined) => value !== undefined && value.trim() !== '';

// Named by the subscription's policy (profile attributes, REQUIRED_PROFILE_ATTRIBUTES).
function has(profile: UserProfile, attribute: string): boolean {
  switch (attribute) {
    case 'userName':
      return filled(profile.userName);
    case 'email':
      // seed: a work or primary email
      return (profile.emails ?? []).some(
        (e) => filled(e.value) && (e.type?.toLowerCase() === 'work' || e.primary === true),
      );
    case 'phoneNumber':
      return (profile.phoneNumbers ?? []).some((p) => filled(p.value));
    case 'givenName':
      return filled(profile.name?.givenName);
    case 'familyName':
      return filled(profile.name?.familyName);
    case 'displayName':
      return filled(profile.displayName);
    case 'externalId':
      return filled(profile.externalId);
    case 'title':
      return filled(profile.title);
    case 'employeeNumber':
      return filled(profile.enterprise?.employeeNumber);
    case 'department':
      return filled(profile.enterprise?.department);
    default:
      return false;
  }
}

/** The required profile attributes the profile lacks (userName always required). */
export function missingAttributes(profile: UserProfile, rule: SynchronizationRule): string[] {
  const required = rule.requiredAttributes.includes('userName')
    ? rule.requiredAttributes
    : ['userName', ...rule.requiredAttributes];
  return required.filter((attribute) => !has(profile, attribute));
}
