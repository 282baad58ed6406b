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
