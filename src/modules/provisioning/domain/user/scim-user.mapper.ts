import { JsonObject, JsonValue } from '../../../../platform/event-store/event-store.port';
import {
  ENTERPRISE_PROFILE_KEYS,
  EnterpriseProfile,
  LABELLED_LIST_KEYS,
  LABELLED_VALUE_KEYS,
  LabelledValue,
  PERSON_NAME_KEYS,
  POSTAL_ADDRESS_KEYS,
  PROFILE_TEXT_KEYS,
  PersonName,
  PostalAddress,
  UserProfile,
} from '../../../identity/contracts/user-profile';
import { ENTERPRISE_USER_SCHEMA_ID, USER_SCHEMA_ID } from '../schema/scim-schemas';
import { hasNoKeys } from '../patch/json';

/** A user as Identity knows it, in the terms the SCIM mapping needs. */
export interface UserSnapshot {
  profile: UserProfile;
  active: boolean;
  managerId: string | null;
}

/** The lists of LabelledValues, in RFC 7643's order around addresses. */
const LABELLED_BEFORE_ADDRESSES = ['emails', 'phoneNumbers', 'ims', 'photos'] as const;
const LABELLED_AFTER_ADDRESSES = ['entitlements', 'roles', 'x509Certificates'] as const;

const asObject = (value: JsonValue | undefined): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
const asString = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function pick<K extends string>(source: JsonObject, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = asString(source[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function pickList<T>(
  value: JsonValue | undefined,
  read: (element: JsonObject) => T | undefined,
): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  // A loop, not flatMap: no one-element array per item (every write maps its user's lists).
  const list: T[] = [];
  for (const element of value) {
    const object = asObject(element);
    const item = object ? read(object) : undefined;
    if (item !== undefined) list.push(item);
  }
  return list.length > 0 ? list : undefined;
}

function withPrimary<T extends object>(item: T, element: JsonObject): T & { primary?: boolean } {
  return element.primary === true ? { ...item, primary: true } : item;
}

const nonEmpty = <T extends object>(value: T): T | undefined => (hasNoKeys(value) ? undefined : value);

/**
 * userName as stored: without surrounding spaces, so " ann@x " and "ann@x" are one user (one
 * reservation). A filter on userName compares its operand the same way.
 */
export function normalizeUserName(text: string): string {
  return text.trim();
}

/** A normalised SCIM User body (canonical names, coerced types) to Identity's terms. */
export function scimToUser(resource: JsonObject): UserSnapshot {
  const enterprise = asObject(resource[ENTERPRISE_USER_SCHEMA_ID]) ?? {};
  const profile: UserProfile = {
    userName: typeof resource.userName === 'string' ? normalizeUserName(resource.userName) : '',
    ...pick(resource, PROFILE_TEXT_KEYS),
  };
  const name = nonEmpty<PersonName>(pick(asObject(resource.name) ?? {}, PERSON_NAME_KEYS));
  if (name) profile.name = name;
  const labelled = (e: JsonObject): LabelledValue | undefined => {
    const item = pick(e, LABELLED_VALUE_KEYS);
    return item.value === undefined ? undefined : withPrimary({ ...item, value: item.value }, e);
  };
  for (const key of LABELLED_LIST_KEYS) {
    const list = pickList(resource[key], labelled);
    if (list) profile[key] = list;
  }
  const addresses = pickList(resource.addresses, (e): PostalAddress | undefined => {
    const item = nonEmpty(pick(e, POSTAL_ADDRESS_KEYS));
    return item ? withPrimary(item, e) : undefined;
  });
  if (addresses) profile.addresses = addresses;
  const enterpriseProfile = nonEmpty<EnterpriseProfile>(pick(enterprise, ENTERPRISE_PROFILE_KEYS));
  if (enterpriseProfile) profile.enterprise = enterpriseProfile;
  return {
    profile,
    active: resource.active !== false,
    managerId: asString(asObject(enterprise.manager)?.value) ?? null,
  };
}

/**
 * Identity's user to the SCIM representation stored in the read model (without meta, which
 * the projection adds, and without location and $ref, which depend on the request's host).
 */
export function userToScim(id: string, user: UserSnapshot): JsonObject {
  const { profile } = user;
  const enterprise: JsonObject = { ...profile.enterprise };
  if (user.managerId) enterprise.manager = { value: user.managerId };
  const hasEnterprise = !hasNoKeys(enterprise);
  const resource: JsonObject = {
    schemas: hasEnterprise ? [USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID] : [USER_SCHEMA_ID],
    id,
  };
  if (profile.externalId !== undefined) resource.externalId = profile.externalId;
  resource.userName = profile.userName;
  if (profile.name) resource.name = { ...profile.name };
  for (const key of PROFILE_TEXT_KEYS) {
    const value = profile[key];
    if (key !== 'externalId' && value !== undefined) resource[key] = value;
  }
  resource.active = user.active;
  const copyLists = (keys: readonly (typeof LABELLED_LIST_KEYS)[number][]) => {
    for (const key of keys) {
      const list = profile[key];
      if (list) resource[key] = list.map((element) => ({ ...element }));
    }
  };
  copyLists(LABELLED_BEFORE_ADDRESSES);
  if (profile.addresses) resource.addresses = profile.addresses.map((a) => ({ ...a }));
  copyLists(LABELLED_AFTER_ADDRESSES);
  if (hasEnterprise) resource[ENTERPRISE_USER_SCHEMA_ID] = enterprise;
  return resource;
}
