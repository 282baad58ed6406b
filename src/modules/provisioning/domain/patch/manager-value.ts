import { JsonValue, findKeyIgnoreCase, isClearingValue, isJsonObject } from './json';
import { ScimPatchError } from './scim-patch.error';

/** What a manager value asks for: set the manager id, clear it, or leave it (object without "value"). */
export type ManagerChange = { kind: 'set'; id: string } | { kind: 'clear' } | { kind: 'keep' };

/**
 * Reads every manager form Entra sends: "id", {"value": "id"} (with "$ref"/"displayName", ignored),
 * [{"$ref": ..., "value": "id"}]; "", null, [], {"value": ""} and {"value": null} clear it.
 */
export function readManagerValue(value: JsonValue | undefined, label: string): ManagerChange {
  if (value === undefined || isClearingValue(value)) return { kind: 'clear' };
  if (typeof value === 'string') return { kind: 'set', id: value };
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'clear' };
    if (value.length === 1) return readManagerValue(value[0], label);
    throw new ScimPatchError('invalidValue', `"${label}" takes a single manager`);
  }
  if (!isJsonObject(value)) {
    throw new ScimPatchError('invalidValue', `"${label}" must be a manager id or {"value": id}`);
  }
  for (const key of Object.keys(value)) {
    if (!['value', '$ref', 'displayname'].includes(key.toLowerCase())) {
      throw new ScimPatchError('invalidValue', `"${label}" has no sub-attribute "${key}"`);
    }
  }
  const valueKey = findKeyIgnoreCase(value, 'value');
  if (valueKey === undefined) return { kind: 'keep' };
  const id = value[valueKey];
  if (isClearingValue(id)) return { kind: 'clear' };
  if (typeof id !== 'string') throw new ScimPatchError('invalidValue', `"${label}.value" must be a string`);
  return { kind: 'set', id };
}
