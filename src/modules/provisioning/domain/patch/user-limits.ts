import { JsonObject, JsonValue } from './json';
import { ScimPatchError } from './scim-patch.error';

/**
 * Bounds on one User request, so that no single request can hold the event loop (and every
 * tenant's requests) for seconds: a PATCH's operations each look through the attribute they
 * target, so their cost is operations x values. A user has a handful of emails or phone numbers;
 * Entra sends a few operations. (Groups have no such bound: members are planned in one pass.)
 */
export const MAX_USER_VALUES_PER_ATTRIBUTE = 1000;
export const MAX_USER_PATCH_OPERATIONS = 1000;

export function assertUserPatchSize(operations: readonly unknown[]): void {
  if (operations.length > MAX_USER_PATCH_OPERATIONS)
    throw new ScimPatchError(
      'invalidValue',
      `a PATCH of a User carries at most ${MAX_USER_PATCH_OPERATIONS} operations, this one ${operations.length}`,
    );
}

export function assertUserValueCount(name: string, values: readonly JsonValue[]): void {
  if (values.length > MAX_USER_VALUES_PER_ATTRIBUTE)
    throw new ScimPatchError(
      'invalidValue',
      `"${name}" holds at most ${MAX_USER_VALUES_PER_ATTRIBUTE} values, this request gives it ${values.length}`,
    );
}

/** Every multi-valued attribute of a User body (they are all core, at the top level). */
export function assertUserValueCounts(user: JsonObject): void {
  for (const name of Object.keys(user)) {
    const value = user[name];
    if (Array.isArray(value)) assertUserValueCount(name, value);
  }
}
