/**
 * Profile attributes a subscription can require before a user is synchronized (seed: "incomplete
 * data"). Names of Identity's profile, not of any protocol: Provisioning maps them to SCIM's.
 * `email` is a work or primary email address.
 */
export const REQUIRED_PROFILE_ATTRIBUTES = [
  'userName',
  'email',
  'givenName',
  'familyName',
  'displayName',
  'externalId',
  'title',
  'phoneNumber',
  'employeeNumber',
  'department',
] as const;

export type RequiredProfileAttribute = (typeof REQUIRED_PROFILE_ATTRIBUTES)[number];

/** Which users a subscription synchronizes; others are refused and logged. */
export interface ProvisioningPolicy {
  /** Always contains 'userName'; in the order of REQUIRED_PROFILE_ATTRIBUTES. */
  readonly requiredUserAttributes: readonly RequiredProfileAttribute[];
  /**
   * false: a user sent with active false is not created (seed: disabled accounts are not
   * synchronized). Disabling an existing user is not refused by this policy: the disable-user rule decides.
   */
  readonly synchronizeDisabledUsers: boolean;
}

/** The seed's rule, in force until an admin changes it. */
export const DEFAULT_PROVISIONING_POLICY: ProvisioningPolicy = Object.freeze({
  requiredUserAttributes: Object.freeze(['userName', 'email', 'givenName', 'familyName'] as const),
  synchronizeDisabledUsers: false,
});
