import {
  ProvisioningPolicy,
  REQUIRED_PROFILE_ATTRIBUTES,
  RequiredProfileAttribute,
} from '../../../subscription/contracts/provisioning-policy';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The SCIM attribute an admin names for each profile attribute a policy can require. */
const SCIM_NAME: Readonly<Record<RequiredProfileAttribute, string>> = {
  userName: 'userName',
  email: 'emails',
  givenName: 'name.givenName',
  familyName: 'name.familyName',
  displayName: 'displayName',
  externalId: 'externalId',
  title: 'title',
  phoneNumber: 'phoneNumbers',
  employeeNumber: `${ENTERPRISE}:employeeNumber`,
  department: `${ENTERPRISE}:department`,
};

/** The SCIM names a policy accepts, in canonical form and order. */
export const REQUIRED_USER_ATTRIBUTE_NAMES: readonly string[] = REQUIRED_PROFILE_ATTRIBUTES.map(
  (attribute) => SCIM_NAME[attribute],
);

// SCIM attribute names are case-insensitive (RFC 7643 2.1).
const PROFILE_ATTRIBUTE_OF = new Map<string, RequiredProfileAttribute>(
  REQUIRED_PROFILE_ATTRIBUTES.map((attribute) => [SCIM_NAME[attribute].toLowerCase(), attribute]),
);

/** The profile attributes of SCIM names, or the names that are not among REQUIRED_USER_ATTRIBUTE_NAMES. */
export function profileAttributesOf(
  names: readonly string[],
): { attributes: RequiredProfileAttribute[] } | { unknown: string[] } {
  const unknown = names.filter((name) => !PROFILE_ATTRIBUTE_OF.has(name.toLowerCase()));
  if (unknown.length > 0) return { unknown };
  return { attributes: names.map((name) => PROFILE_ATTRIBUTE_OF.get(name.toLowerCase())!) };
}

/**
 * What a user refused as incomplete lacks, in SCIM's names, for the error's detail ("emails": a
 * work or primary one). Unknown names pass as they are.
 */
export function incompleteUserDetail(missing: readonly string[]): string {
  const named = missing.map((attribute) => {
    const scim = (SCIM_NAME as Readonly<Record<string, string>>)[attribute] ?? attribute;
    return attribute === 'email' ? `a work or primary email (${scim})` : scim;
  });
  return `user not synchronized: incomplete data, missing ${named.join(', ')}`;
}

/** A policy as an admin reads it: SCIM names. */
export function scimPolicy(policy: ProvisioningPolicy): {
  requiredUserAttributes: string[];
  synchronizeDisabledUsers: boolean;
} {
  return {
    requiredUserAttributes: policy.requiredUserAttributes.map((attribute) => SCIM_NAME[attribute]),
    synchronizeDisabledUsers: policy.synchronizeDisabledUsers,
  };
}
