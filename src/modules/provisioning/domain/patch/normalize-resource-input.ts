import { resolveAttributePath } from '../schema/attribute-path';
import { declaredSchemasProblem } from '../schema/declared-schemas';
import { RESOURCE_SCHEMAS } from '../schema/scim-schemas';
import { AttributeDefinition, ResourceTypeName } from '../schema/scim-schema.types';
import {
  applySubAttributeUpdates,
  buildComplexValue,
  coerceMultiValue,
  coerceSimpleValue,
} from './attribute-value';
import { isIgnoredAttribute } from './ignored-attributes';
import { JsonObject, JsonValue, isEmptyValue, isJsonObject, isJsonValue } from './json';
import { readManagerValue } from './manager-value';
import { attributeContainer, finalizeResource } from './resource-document';
import { coreSchemaIdOf, isForeignUrn, isManagerAttribute, matchSchemaId } from './schema-lookup';
import { ScimPatchError } from './scim-patch.error';
import { assertUserValueCounts } from './user-limits';

/**
 * Normalises a POST/PUT User body: canonical attribute names, enterprise attributes under their URN
 * key, booleans from "True"/"False", manager as {value}; drops nulls, read-only attributes
 * (id, meta, groups, display names), password (never stored) and keys under unknown schema URNs. Type errors, missing
 * required attributes and non-empty unknown attributes are ScimPatchError('invalidValue').
 */
export function normalizeUserInput(body: unknown): JsonObject {
  const user = normalizeResourceInput('User', body);
  assertUserValueCounts(user);
  return user;
}

/** Same for a Group body; members are reduced to {value[, type]} and de-duplicated by value. */
export function normalizeGroupInput(body: unknown): JsonObject {
  const group = normalizeResourceInput('Group', body);
  if (Array.isArray(group.members)) group.members = uniqueByValue(group.members);
  return group;
}

/** Keys a body may carry that the server recomputes or owns (compared lower-cased). */
const SERVER_OWNED = new Set(['schemas', 'id', 'meta']);

export function normalizeResourceInput(resourceType: ResourceTypeName, body: unknown): JsonObject {
  if (!isJsonValue(body) || !isJsonObject(body)) {
    throw new ScimPatchError('invalidSyntax', `The ${resourceType} body must be a JSON object`);
  }
  const schemasKey = Object.keys(body).find((key) => key.toLowerCase() === 'schemas');
  const problem = declaredSchemasProblem(
    schemasKey === undefined ? undefined : body[schemasKey],
    coreSchemaIdOf(resourceType),
  );
  if (problem) throw new ScimPatchError('invalidSyntax', problem);
  const resource: JsonObject = {};
  for (const key of Object.keys(body)) {
    const value = body[key]!;
    if (SERVER_OWNED.has(key.toLowerCase())) continue;
    if (isForeignUrn(resourceType, key)) continue; // unknown extensions (older Entra tenants)
    const schemaId = matchSchemaId(resourceType, key);
    if (schemaId === undefined) {
      setAttribute(resourceType, resource, key, value);
      continue;
    }
    if (isEmptyValue(value)) continue;
    if (!isJsonObject(value)) throw new ScimPatchError('invalidValue', `"${key}" must be an object`);
    for (const name of Object.keys(value)) {
      setAttribute(resourceType, resource, `${schemaId}:${name}`, value[name]!);
    }
  }
  assertRequired(resourceType, resource);
  return finalizeResource(resourceType, resource);
}

function setAttribute(
  resourceType: ResourceTypeName,
  resource: JsonObject,
  path: string,
  value: JsonValue,
): void {
  if (isIgnoredAttribute(resourceType, path)) return;
  const resolved = resolveAttributePath(resourceType, path);
  if (!resolved) {
    // Unknown attributes are tolerated only when empty (Entra sends "roles": []); else refused, not lost.
    if (isEmptyValue(value)) return;
    throw new ScimPatchError('invalidValue', `Unknown attribute "${path}" for ${resourceType}`);
  }
  const { schemaId, attribute, subAttribute } = resolved;
  if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') return;
  const container = attributeContainer(resourceType, resource, schemaId);
  if (subAttribute) return setSubAttribute(container, schemaId, attribute, subAttribute, value);
  const coerced = coerceAttribute(schemaId, attribute, value, resolved.path);
  if (coerced === undefined) delete container[attribute.name];
  else container[attribute.name] = coerced;
}

/** A dotted key ("name.givenName", "manager.value") sets one sub-attribute. */
function setSubAttribute(
  container: JsonObject,
  schemaId: string,
  attribute: AttributeDefinition,
  subAttribute: AttributeDefinition,
  value: JsonValue,
): void {
  const name = attribute.name;
  const label = `${name}.${subAttribute.name}`;
  if (isManagerAttribute(schemaId, attribute)) {
    if (subAttribute.name !== 'value') return; // "$ref" is derived by the server
    const id = coerceSimpleValue(subAttribute, value, label);
    if (typeof id === 'string') container.manager = { value: id };
    else delete container.manager;
    return;
  }
  const complex = isJsonObject(container[name]) ? container[name] : {};
  applySubAttributeUpdates(
    complex,
    [{ attribute: subAttribute, value: coerceSimpleValue(subAttribute, value, label) }],
    label,
  );
  container[name] = complex;
}

function coerceAttribute(
  schemaId: string,
  attribute: AttributeDefinition,
  value: JsonValue,
  label: string,
): JsonValue | undefined {
  if (isManagerAttribute(schemaId, attribute)) {
    const change = readManagerValue(value, label);
    return change.kind === 'set' ? { value: change.id } : undefined;
  }
  if (attribute.multiValued) return coerceMultiValue(attribute, value, label);
  if (attribute.type !== 'complex') return coerceSimpleValue(attribute, value, label);
  return isEmptyValue(value) ? undefined : buildComplexValue(attribute, value, label);
}

function assertRequired(resourceType: ResourceTypeName, resource: JsonObject): void {
  for (const attribute of RESOURCE_SCHEMAS[resourceType].core.attributes) {
    if (attribute.required && isEmptyValue(resource[attribute.name])) {
      throw new ScimPatchError('invalidValue', `"${attribute.name}" is required`);
    }
  }
}

function uniqueByValue(members: JsonValue[]): JsonValue[] {
  const seen = new Set<JsonValue>();
  return members.filter((member) => {
    const id = isJsonObject(member) ? member.value : member;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
