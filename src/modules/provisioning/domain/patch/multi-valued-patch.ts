import {
  SubAttributeUpdate,
  applySubAttributeUpdates,
  buildComplexValue,
  coerceMultiValue,
  coerceSimpleValue,
  complexUpdates,
} from './attribute-value';
import { hasData } from './element-data';
import { FilterCreations } from './filter-creations';
import { matchesValueFilter } from './filter/value-filter.evaluator';
import { eqConjunctionValues } from './filter/value-filter.equalities';
import { JsonObject, JsonValue, canonicalJson, isClearingValue, isJsonObject, jsonEquals } from './json';
import { PatchOpName } from './patch-request';
import { AttributeTarget } from './patch-path';
import { ScimPatchError } from './scim-patch.error';
import { assertUserValueCount } from './user-limits';
import { AttributeDefinition } from '../schema/scim-schema.types';
import { caselessKey } from '../../../../platform/text/caseless-key';

/** add/replace/remove on a multi-valued attribute, whole ("emails") or selected ("emails[type eq \"work\"].value"). */
export function patchMultiValued(
  container: JsonObject,
  op: PatchOpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
  creations: FilterCreations,
): void {
  const name = target.attribute.name;
  const current = Array.isArray(container[name]) ? [...container[name]] : [];
  const next =
    target.filter || target.subAttribute
      ? patchSelected(current, op, target, value, creations)
      : patchWhole(current, op, target, value);
  // After each operation: the next one looks through what this one left.
  assertUserValueCount(name, next);
  if (next.length === 0) delete container[name];
  else container[name] = next;
}

function patchWhole(
  current: JsonValue[],
  op: PatchOpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
) {
  const { attribute, path } = target;
  if (op === 'remove') {
    // RFC: no value removes every value. Entra's {"value": [...]} form removes only those listed.
    return value === undefined || value === null ? [] : removeListed(current, attribute, value, path);
  }
  const elements = coerceMultiValue(attribute, value ?? null, path);
  if (op === 'replace') return elements;
  // add appends what is not there yet (an empty value adds nothing); a new primary takes over.
  const present = new Set(current.map(canonicalJson));
  const added = elements.filter((e) => !present.has(canonicalJson(e)));
  const next = [...current, ...added];
  settlePrimary(next, added, path);
  return next;
}

function patchSelected(
  current: JsonValue[],
  op: PatchOpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
  creations: FilterCreations,
) {
  const { attribute, filter, subAttribute, path } = target;
  const selected = current.filter(
    (e): e is JsonObject => isJsonObject(e) && (!filter || matchesValueFilter(filter, e)),
  );
  const unselected = (e: JsonValue) => !selected.includes(e as JsonObject);
  if (op === 'remove') {
    // RFC 7644: a filter selecting nothing is noTarget (group members are planned elsewhere, as no-ops).
    if (selected.length === 0) throw new ScimPatchError('noTarget', `"${path}" matches no value`);
    if (!subAttribute) return current.filter(unselected);
    selected.forEach((e) => delete e[subAttribute.name]);
    return current.filter((e) => unselected(e) || hasData(e));
  }
  if (selected.length === 0) return [...current, ...createFromFilter(current, target, value, creations)];
  if (!subAttribute && isClearingValue(value)) return current.filter(unselected);
  const updates = subAttribute
    ? [{ attribute: subAttribute, value: coerceSimpleValue(subAttribute, value, path) }]
    : complexUpdates(attribute, value ?? null, path);
  selected.forEach((e) => applySubAttributeUpdates(e, updates, path));
  // Clearing "emails[type eq \"work\"].value" leaves an email without address: the element goes.
  const next = current.filter((e) => unselected(e) || hasData(e));
  settlePrimary(next, selected, path);
  return next;
}

/**
 * No element matched an add/replace: when the filter pins values with "eq" (Entra's
 * `phoneNumbers[type eq "mobile"].value`) the element is created, else RFC 7644 noTarget.
 */
function createFromFilter(
  current: JsonValue[],
  target: AttributeTarget,
  value: JsonValue | undefined,
  creations: FilterCreations,
): JsonObject[] {
  const { attribute, filter, subAttribute, path } = target;
  const pinned = filter ? eqConjunctionValues(filter) : undefined;
  if (!pinned) throw new ScimPatchError('noTarget', `"${path}" matches no value`);
  if (isClearingValue(value)) return []; // clearing what does not exist changes nothing
  const element: JsonObject = { ...pinned };
  creations.record(element, path);
  const updates: SubAttributeUpdate[] = subAttribute
    ? [{ attribute: subAttribute, value: coerceSimpleValue(subAttribute, value, path) }]
    : complexUpdates(attribute, value ?? null, path);
  applySubAttributeUpdates(element, updates, path);
  settlePrimary([...current, element], [element], path);
  return [element];
}

/** Entra's remove with a value list: removes the elements matching each listed value; absent ones are ignored. */
function removeListed(current: JsonValue[], attribute: AttributeDefinition, value: JsonValue, path: string) {
  const patterns = (Array.isArray(value) ? value : [value])
    .map((item) => (attribute.type === 'complex' ? buildComplexValue(attribute, item, path) : item))
    .filter((p): p is JsonValue => p !== undefined && p !== null);
  return current.filter((element) => !patterns.some((p) => matchesPattern(attribute, element, p)));
}

function matchesPattern(attribute: AttributeDefinition, element: JsonValue, pattern: JsonValue): boolean {
  if (!isJsonObject(pattern) || !isJsonObject(element)) return jsonEquals(element, pattern);
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = element[key];
    const exact = attribute.subAttributes?.find((s) => s.name === key)?.caseExact ?? true;
    if (!exact && typeof actual === 'string' && typeof expected === 'string') {
      return caselessKey(actual) === caselessKey(expected);
    }
    return jsonEquals(actual, expected);
  });
}

/** RFC 7643 2.4: the element just made primary keeps it, the others lose it. */
function settlePrimary(elements: JsonValue[], changed: JsonValue[], path: string): void {
  const winners = changed.filter((e) => isJsonObject(e) && e.primary === true);
  if (winners.length > 1) {
    throw new ScimPatchError('invalidValue', `"${path}": only one value may be primary`);
  }
  if (winners.length === 0) return;
  for (const element of elements) {
    if (element !== winners[0] && isJsonObject(element) && element.primary === true) delete element.primary;
  }
}
