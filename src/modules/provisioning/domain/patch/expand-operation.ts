import { ResourceTypeName } from '../schema/scim-schema.types';
import { JsonObject, JsonValue, isClearingValue, isJsonObject } from './json';
import { isIgnoredAttribute } from './ignored-attributes';
import { PatchOpName, PatchOperation } from './patch-request';
import { PatchTarget, parsePatchPath } from './patch-path';
import { coreSchemaIdOf, isForeignUrn, matchSchemaId } from './schema-lookup';
import { ScimPatchError } from './scim-patch.error';

/** A PATCH operation aimed at one resolved target (path-less operations expand into several). */
export interface TargetedOperation {
  op: PatchOpName;
  target: PatchTarget;
  /** undefined when the client sent no value (only possible for "remove"). */
  value?: JsonValue;
}

/**
 * Resolves an operation's path, or expands a path-less add/replace value object into one operation
 * per key. Keys may be dotted ("name.givenName"), URN-prefixed ("urn:...:User:employeeNumber") or a
 * schema URN holding an object. Mutability is checked here so every engine applies the same rules.
 */
export function expandOperation(
  resourceType: ResourceTypeName,
  operation: PatchOperation,
  resourceId: string | undefined,
): TargetedOperation[] {
  const context: ExpandContext = { resourceType, op: operation.op, resourceId };
  const { op, path, value } = operation;
  if (path === undefined) {
    if (op === 'remove') throw new ScimPatchError('noTarget', '"remove" requires a "path"');
    if (!isJsonObject(value)) {
      throw new ScimPatchError('invalidValue', `"${op}" without "path" needs an object value`);
    }
    return expandValueObject(context, value, undefined);
  }
  if (op !== 'remove' && value === undefined) {
    throw new ScimPatchError('invalidValue', `"${op}" of "${path}" requires a "value"`);
  }
  // An attribute of a schema this resource does not have (an Entra custom extension) is ignored,
  // as it is in a create and in a path-less value: refusing it here would fail every later sync
  // of a user that its create accepted.
  if (isForeignUrn(resourceType, path) || isIgnoredAttribute(resourceType, path)) return [];
  const target = parsePatchPath(resourceType, path);
  if (target.kind === 'schema' && op !== 'remove' && isJsonObject(value)) {
    return expandValueObject(context, value, target.schemaId);
  }
  return checked(context, target, value);
}

interface ExpandContext {
  resourceType: ResourceTypeName;
  op: PatchOpName;
  resourceId: string | undefined;
}

function expandValueObject(
  context: ExpandContext,
  object: JsonObject,
  schemaPrefix?: string,
): TargetedOperation[] {
  const { resourceType } = context;
  const expanded: TargetedOperation[] = [];
  for (const [key, value] of Object.entries(object)) {
    const lower = key.toLowerCase();
    // Clients echo these read-only keys back in path-less replaces: tolerated and ignored.
    if (lower === 'schemas' || lower === 'meta') continue;
    // Keys under a schema this resource does not have (older Entra tenants) are ignored.
    if (schemaPrefix === undefined && isForeignUrn(resourceType, key)) continue;
    const schemaId = schemaPrefix === undefined ? matchSchemaId(resourceType, key) : undefined;
    if (schemaId !== undefined && isJsonObject(value)) {
      expanded.push(...expandValueObject(context, value, schemaId));
      continue;
    }
    // Any other key is a path: an unknown attribute is invalidPath, as it would be in "path".
    const path = schemaPrefix === undefined ? key : `${schemaPrefix}:${key}`;
    if (isIgnoredAttribute(resourceType, path)) continue;
    const target = parsePatchPath(resourceType, path);
    // A GET body PATCHed back carries the user's groups (readOnly, read from the memberships):
    // ignored as a PUT ignores them; only a "path" naming them is refused.
    if (isUserGroups(target)) continue;
    expanded.push(...checked(context, target, value));
  }
  return expanded;
}

function isUserGroups(target: PatchTarget): boolean {
  return (
    target.kind === 'attribute' &&
    target.schemaId === coreSchemaIdOf('User') &&
    target.attribute.name === 'groups'
  );
}

/** RFC 7644 3.5.2: readOnly attributes cannot be changed, required ones cannot be removed. */
function checked(
  context: ExpandContext,
  target: PatchTarget,
  value: JsonValue | undefined,
): TargetedOperation[] {
  const { resourceType, op, resourceId } = context;
  if (target.kind === 'schema') {
    if (target.schemaId === coreSchemaIdOf(resourceType)) {
      throw new ScimPatchError('invalidPath', `"${target.path}" cannot be removed or cleared`);
    }
    if (op === 'remove' || isClearingValue(value)) return [{ op: 'remove', target }];
    throw new ScimPatchError('invalidValue', `"${target.path}" takes an object of its attributes`);
  }
  const { schemaId, attribute, subAttribute, filter, path } = target;
  if (schemaId === '' && attribute.name === 'id') {
    // Clients send the resource's own id back in path-less replaces: harmless when unchanged.
    if (op !== 'remove' && !subAttribute && !filter && value === resourceId) return [];
    throw new ScimPatchError('mutability', '"id" is read-only');
  }
  if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') {
    throw new ScimPatchError('mutability', `"${path}" is read-only`);
  }
  const clearsWhole = !subAttribute && !filter && (op === 'remove' || isClearingValue(value));
  if (attribute.required && clearsWhole) {
    throw new ScimPatchError('mutability', `"${attribute.name}" is required and cannot be removed`);
  }
  // Unassigned, active reads as true (a user created without it is active): clearing it would
  // restore a disabled user without anyone asking for it.
  if (clearsWhole && schemaId === coreSchemaIdOf('User') && attribute.name === 'active') {
    throw new ScimPatchError('invalidValue', '"active" cannot be removed or cleared: send true or false');
  }
  return value === undefined ? [{ op, target }] : [{ op, target, value }];
}
