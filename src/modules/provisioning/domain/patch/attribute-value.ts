import { AttributeDefinition } from '../schema/scim-schema.types';
import { JsonObject, JsonValue, canonicalJson, isClearingValue, isJsonObject, jsonEquals } from './json';
import { findSubAttribute } from './schema-lookup';
import { ScimPatchError } from './scim-patch.error';

const invalid = (detail: string) => new ScimPatchError('invalidValue', detail);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Checks and converts a value of a non-complex attribute; undefined means "no value" (null or ""). */
export function coerceSimpleValue(
  attribute: AttributeDefinition,
  value: JsonValue | undefined,
  label: string,
): JsonValue | undefined {
  if (value === undefined || isClearingValue(value)) return undefined;
  switch (attribute.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // Entra sends "True"/"False" for booleans.
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw invalid(`"${label}" must be a boolean`);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalid(`"${label}" must be an integer`);
    case 'decimal':
      if (typeof value === 'number') return value;
      throw invalid(`"${label}" must be a number`);
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalid(`"${label}" must be an ISO 8601 date-time`);
    case 'complex':
      throw invalid(`"${label}" is complex: give an object of its sub-attributes`);
    case 'binary':
      // RFC 7643 2.3.6: base64 (RFC 4648 section 4), whitespace of line-wrapped PEM bodies allowed.
      if (typeof value === 'string' && BASE64.test(value.replace(/\s+/g, ''))) return value;
      throw invalid(`"${label}" must be base64-encoded binary`);
    default: // string, reference
      if (typeof value === 'string') return value;
      throw invalid(`"${label}" must be a string`);
  }
}

/** One sub-attribute change carried by an object value; value undefined = remove that sub-attribute. */
export interface SubAttributeUpdate {
  attribute: AttributeDefinition;
  value: JsonValue | undefined;
}

/**
 * Reads an object value of a complex attribute into sub-attribute updates, canonical names.
 * readOnly sub-attributes are ignored (RFC 7643 2.2), and so is "$ref": the server derives it from value.
 */
export function complexUpdates(
  attribute: AttributeDefinition,
  value: JsonValue,
  label: string,
): SubAttributeUpdate[] {
  if (!isJsonObject(value)) throw invalid(`"${label}" must be an object of sub-attributes`);
  const updates: SubAttributeUpdate[] = [];
  for (const key of Object.keys(value)) {
    const raw = value[key]!;
    const sub = findSubAttribute(attribute, key);
    if (!sub) throw invalid(`"${label}" has no sub-attribute "${key}"`);
    if (sub.mutability === 'readOnly' || sub.name === '$ref') continue;
    updates.push({ attribute: sub, value: coerceSimpleValue(sub, raw, `${label}.${sub.name}`) });
  }
  return updates;
}

/** Applies updates to a complex value in place; an immutable sub-attribute may be set, never changed. */
export function applySubAttributeUpdates(
  target: JsonObject,
  updates: SubAttributeUpdate[],
  label: string,
): void {
  for (const { attribute, value } of updates) {
    const current = target[attribute.name];
    if (attribute.mutability === 'immutable' && current !== undefined && !jsonEquals(current, value)) {
      throw new ScimPatchError('mutability', `"${label}.${attribute.name}" is immutable`);
    }
    if (value === undefined) delete target[attribute.name];
    else target[attribute.name] = value;
  }
}

/** A new complex value built from an object; undefined when nothing is left. */
export function buildComplexValue(
  attribute: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonObject | undefined {
  const built: JsonObject = {};
  applySubAttributeUpdates(built, complexUpdates(attribute, value, label), label);
  return Object.keys(built).length === 0 ? undefined : built;
}

/**
 * The elements of a multi-valued attribute value: an array, or a single element (wrapped);
 * null or "" give none. Empty elements and exact duplicates are dropped.
 */
export function coerceMultiValue(
  attribute: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonValue[] {
  if (isClearingValue(value)) return [];
  const items = Array.isArray(value) ? value : [value];
  const elements: JsonValue[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const element =
      attribute.type === 'complex'
        ? buildComplexValue(attribute, item, label)
        : coerceSimpleValue(attribute, item, label);
    if (element === undefined) continue;
    // By a canonical text: compared pairwise, 30,000 phone numbers held the event loop for 48 s.
    // A single item (most values a client sends) has nothing to be a duplicate of.
    if (items.length > 1) {
      const key = canonicalJson(element);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    elements.push(element);
  }
  assertSinglePrimary(elements, label);
  return elements;
}

/** RFC 7643 2.4: "primary": true appears at most once in a multi-valued attribute. */
export function assertSinglePrimary(elements: JsonValue[], label: string): void {
  const primaries = elements.filter((e) => isJsonObject(e) && e.primary === true).length;
  if (primaries > 1) throw invalid(`"${label}": only one value may have "primary": true`);
}
