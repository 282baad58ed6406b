/** A user's profile as Identity keeps it: protocol-neutral, no active state, no manager. */
export interface PersonName {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

export interface ContactValue {
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
  emails?: ContactValue[];
  phoneNumbers?: ContactValue[];
  addresses?: PostalAddress[];
  enterprise?: EnterpriseProfile;
}
