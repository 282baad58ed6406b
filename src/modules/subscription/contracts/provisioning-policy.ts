/** SCIM attributes a subscription can require before a user is synchronized (seed: "incomplete data"). */
export const REQUIRED_USER_ATTRIBUTES = [
  'userName',
  /** A work or primary email. */
  'emails',
  'name.givenName',
  'name.familyName',
  'displayName',
  'externalId',
  'title',
  'phoneNumbers',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
] as const;

export type RequiredUserAttribute = (typeof REQUIRED_USER_ATTRIBUTES)[number];

/** Which users a subscription synchronizes; others are refused with 400 and logged. */
export interface ProvisioningPolicy {
  /** Always contains 'userName'. */
  readonly requiredUserAttributes: readonly RequiredUserAttribute[];
  /**
   * false: a user sent with active false is not created (seed: disabled accounts are not
   * synchronized). Disabling an existing user is not refused by this policy: the disable-user rule decides.
   */
  readonly synchronizeDisabledUsers: boolean;
}

/** The seed's rule, in force until an admin changes it. */
export const DEFAULT_PROVISIONING_POLICY: ProvisioningPolicy = Object.freeze({
  requiredUserAttributes: Object.freeze(['userName', 'emails', 'name.givenName', 'name.familyName'] as const),
  synchronizeDisabledUsers: false,
});
