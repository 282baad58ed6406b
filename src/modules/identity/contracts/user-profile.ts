/** A user's profile as Identity keeps it: protocol-neutral, no active state, no manager. */
export interface PersonName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

/**
 * An element of a multi-valued attribute of RFC 7643's User: emails, phoneNumbers, ims, photos,
 * entitlements, roles, x509Certificates (whose value is base64 DER).
 */
export interface LabelledValue {
  value: string;
  type?: string;
  primary?: boolean;
  display?: string;
}

export interface PostalAddress {
  formatted?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  type?: string;
  primary?: boolean;
}

export interface EnterpriseProfile {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
}

export interface UserProfile {
  userName: string;
  externalId?: string;
  name?: PersonName;
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  emails?: LabelledValue[];
  phoneNumbers?: LabelledValue[];
  ims?: LabelledValue[];
  photos?: LabelledValue[];
  addresses?: PostalAddress[];
  entitlements?: LabelledValue[];
  /** Entra sends its app role assignments here (type "WindowsAzureActiveDirectoryRole"). */
  roles?: LabelledValue[];
  x509Certificates?: LabelledValue[];
  enterprise?: EnterpriseProfile;
}

// The profile's keys, for code that maps or edits it field by field (SCIM mapping, portal edit).
/** Single-valued text attributes besides userName. */
export const PROFILE_TEXT_KEYS = [
  'externalId',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
] as const;
export const PERSON_NAME_KEYS = [
  'formatted',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
] as const;
/** The text keys of a LabelledValue (primary is a boolean). */
export const LABELLED_VALUE_KEYS = ['value', 'display', 'type'] as const;
/** The lists of LabelledValues. */
export const LABELLED_LIST_KEYS = [
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'entitlements',
  'roles',
  'x509Certificates',
] as const;
/** The text keys of a PostalAddress (primary is a boolean). */
export const POSTAL_ADDRESS_KEYS = [
  'formatted',
  'streetAddress',
  'locality',
  'region',
  'postalCode',
  'country',
  'type',
] as const;
export const ENTERPRISE_PROFILE_KEYS = [
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
] as const;
