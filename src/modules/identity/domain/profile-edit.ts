import { DomainError } from '../../../platform/es/domain-event';
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
} from '../contracts/user-profile';

/** A portal edit that is not a valid change of a profile; the message names the key. */
export class InvalidProfileEditError extends DomainError {
  constructor(reason: string) {
    super('user.invalid-profile-edit', `invalid profile edit: ${reason}`, 'invalid');
  }
}

const MAX_TEXT = 2000;
const MAX_ELEMENTS = 100;
const has = (keys: readonly string[], key: string) => keys.includes(key);

type Json = Record<string, unknown>;

/**
 * A portal admin's edit of a user's profile, as a JSON merge patch (RFC 7396) of the profile the
 * admin API shows: a key sets its value, null (or "") removes it, `name` and `enterprise` merge key
 * by key, lists are replaced whole. Unknown keys and wrong types are refused, naming the key.
 * Pure: the handler turns the result into an ordinary change of the user.
 */
export function applyProfileEdit(profile: UserProfile, edit: unknown): UserProfile {
  if (!isObject(edit)) throw new InvalidProfileEditError('the body must be a JSON object of profile keys');
  const next: UserProfile = { ...profile };
  for (const [key, value] of Object.entries(edit)) {
    if (key === 'userName') next.userName = userName(value);
    else if (has(PROFILE_TEXT_KEYS, key)) setOrRemove(next, key, text(key, value));
    else if (key === 'name')
      setOrRemove(next, key, mergeTexts('name', profile.name, value, PERSON_NAME_KEYS));
    else if (key === 'enterprise')
      setOrRemove(next, key, mergeTexts('enterprise', profile.enterprise, value, ENTERPRISE_PROFILE_KEYS));
    else if (has(LABELLED_LIST_KEYS, key)) setOrRemove(next, key, labelledList(key, value));
    else if (key === 'addresses') setOrRemove(next, key, addresses(value));
    else throw new InvalidProfileEditError(`unknown key "${key}" (the profile has no such attribute)`);
  }
  return next;
}

function userName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '' || name.length > MAX_TEXT)
    throw new InvalidProfileEditError('"userName" must be a non-empty string');
  return name;
}

function setOrRemove(profile: UserProfile, key: string, value: unknown): void {
  const target = profile as unknown as Json;
  if (value === undefined) delete target[key];
  else target[key] = value;
}

const removes = (value: unknown) => value === undefined || value === null || value === '';

/** A string value, or undefined to remove it. */
function text(label: string, value: unknown): string | undefined {
  if (removes(value)) return undefined;
  if (typeof value !== 'string') throw new InvalidProfileEditError(`"${label}" must be a string or null`);
  if (value.length > MAX_TEXT)
    throw new InvalidProfileEditError(`"${label}" is longer than ${MAX_TEXT} characters`);
  return value;
}

function mergeTexts<T extends PersonName | EnterpriseProfile>(
  label: string,
  current: T | undefined,
  value: unknown,
  keys: readonly string[],
): T | undefined {
  if (removes(value)) return undefined;
  if (!isObject(value)) throw new InvalidProfileEditError(`"${label}" must be an object or null`);
  const merged: Json = { ...current };
  for (const [key, inner] of Object.entries(value)) {
    if (!has(keys, key)) throw new InvalidProfileEditError(`unknown key "${label}.${key}"`);
    const set = text(`${label}.${key}`, inner);
    if (set === undefined) delete merged[key];
    else merged[key] = set;
  }
  return Object.keys(merged).length > 0 ? (merged as T) : undefined;
}

function elements(label: string, value: unknown): Json[] | undefined {
  if (removes(value)) return undefined;
  if (!Array.isArray(value)) throw new InvalidProfileEditError(`"${label}" must be a list or null`);
  if (value.length > MAX_ELEMENTS)
    throw new InvalidProfileEditError(`"${label}" has more than ${MAX_ELEMENTS} elements`);
  return value.map((element, index) => {
    if (!isObject(element)) throw new InvalidProfileEditError(`"${label}[${index}]" must be an object`);
    return element;
  });
}

function primary(label: string, value: unknown): { primary?: true } {
  if (value === undefined || value === null || value === false) return {};
  if (value === true) return { primary: true };
  throw new InvalidProfileEditError(`"${label}.primary" must be true or false`);
}

function labelledList(label: string, value: unknown): LabelledValue[] | undefined {
  const list = elements(label, value);
  if (!list || list.length === 0) return undefined;
  return list.map((element, index) => {
    const at = `${label}[${index}]`;
    for (const key of Object.keys(element))
      if (key !== 'primary' && !has(LABELLED_VALUE_KEYS, key))
        throw new InvalidProfileEditError(`unknown key "${at}.${key}"`);
    const item = text(`${at}.value`, element.value);
    if (item === undefined) throw new InvalidProfileEditError(`"${at}.value" is required`);
    const type = text(`${at}.type`, element.type);
    const display = text(`${at}.display`, element.display);
    return {
      value: item,
      ...(display === undefined ? {} : { display }),
      ...(type === undefined ? {} : { type }),
      ...primary(at, element.primary),
    };
  });
}

function addresses(value: unknown): PostalAddress[] | undefined {
  const list = elements('addresses', value);
  if (!list || list.length === 0) return undefined;
  return list.map((element, index) => {
    const at = `addresses[${index}]`;
    const address: Json = {};
    for (const [key, inner] of Object.entries(element)) {
      if (key === 'primary') continue;
      if (!has(POSTAL_ADDRESS_KEYS, key)) throw new InvalidProfileEditError(`unknown key "${at}.${key}"`);
      const set = text(`${at}.${key}`, inner);
      if (set !== undefined) address[key] = set;
    }
    if (Object.keys(address).length === 0) throw new InvalidProfileEditError(`"${at}" has no value`);
    return { ...(address as PostalAddress), ...primary(at, element.primary) };
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
