import { UserProfile } from '../contracts/user-profile';

/** What a subscription requires of a user before it is synchronized (seed: "incomplete users"). */
export interface SynchronizationRule {
  requiredAttributes: readonly string[];
  synchronizeDisabledUsers: boolean;
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:';
const filled = (value: string | undefined) => value !== undefined && value.trim() !== '';

function has(profile: UserProfile, attribute: string): boolean {
  switch (attribute) {
    case 'userName':
      return filled(profile.userName);
    case 'emails':
      // seed: a work or primary email
      return (profile.emails ?? []).some(
        (e) => filled(e.value) && (e.type?.toLowerCase() === 'work' || e.primary === true),
      );
    case 'phoneNumbers':
      return (profile.phoneNumbers ?? []).some((p) => filled(p.value));
    case 'name.givenName':
      return filled(profile.name?.givenName);
    case 'name.familyName':
      return filled(profile.name?.familyName);
    case 'displayName':
      return filled(profile.displayName);
    case 'externalId':
      return filled(profile.externalId);
    case 'title':
      return filled(profile.title);
    default:
      if (attribute.startsWith(ENTERPRISE)) {
        const key = attribute.slice(ENTERPRISE.length) as keyof NonNullable<UserProfile['enterprise']>;
        return filled(profile.enterprise?.[key]);
      }
      return false;
  }
}

const DESCRIPTIONS: Record<string, string> = { emails: 'a work or primary email' };

/** The required attributes the profile lacks, described for an error message. */
export function missingAttributes(profile: UserProfile, rule: SynchronizationRule): string[] {
  const required = rule.requiredAttributes.includes('userName')
    ? rule.requiredAttributes
    : ['userName', ...rule.requiredAttributes];
  return required.filter((attribute) => !has(profile, attribute)).map((a) => DESCRIPTIONS[a] ?? a);
}
