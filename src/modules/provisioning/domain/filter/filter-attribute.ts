import { ResolvedAttribute, resolveAttributePath } from '../schema/attribute-path';
import { resolveScimAttribute } from './schemas-attribute';
import { ResourceTypeName } from '../schema/scim-schema.types';
import { ENTERPRISE_USER_SCHEMA_ID } from '../schema/scim-schemas';
import { AttributeRef } from './filter.ast';
import { FilterError } from './filter.error';

export function toAttributeRef(resolved: ResolvedAttribute): AttributeRef {
  const leaf = resolved.subAttribute ?? resolved.attribute;
  const ref: AttributeRef = {
    schemaId: resolved.schemaId,
    attribute: resolved.attribute.name,
    path: resolved.path,
    type: leaf.type,
    caseExact: leaf.caseExact,
    multiValued: resolved.attribute.multiValued,
  };
  if (resolved.subAttribute) ref.subAttribute = resolved.subAttribute.name;
  return ref;
}

/** `userName`, `name.familyName`, `urn:...:enterprise:2.0:User:manager.value`; unknown: FilterError. */
export function resolveFilterAttribute(
  resourceType: ResourceTypeName,
  rawPath: string,
  position?: number,
): AttributeRef {
  const resolved = resolveScimAttribute(resourceType, rawPath);
  if (!resolved)
    throw new FilterError(`Unknown attribute "${rawPath}" for resource type ${resourceType}`, position);
  return toAttributeRef(resolved);
}

// The manager's displayName and $ref are read from the manager (and the request's address) when
// the user is read: the attribute index never holds them, so a filter or sort could never see them.
const DERIVED_MANAGER_SUBATTRIBUTES = new Set(['displayName', '$ref']);

/**
 * An attribute a filter or a sort may name. meta.location is the resource's URL, made from the
 * address each request used (tenant host, scheme): not stored, so not comparable (filter on id).
 */
export function filterableAttribute(ref: AttributeRef, position?: number): AttributeRef {
  if (ref.schemaId === '' && ref.path === 'meta.location')
    throw new FilterError(
      '"meta.location" cannot be filtered or sorted on: it is made from the address of each request (use id)',
      position,
    );
  if (
    ref.schemaId === ENTERPRISE_USER_SCHEMA_ID &&
    ref.attribute === 'manager' &&
    DERIVED_MANAGER_SUBATTRIBUTES.has(ref.subAttribute ?? '')
  )
    throw new FilterError(
      `"${ref.schemaId}:${ref.path}" cannot be filtered or sorted on: it is read from the manager when the user is read (use manager.value)`,
      position,
    );
  return ref;
}

/** A sub-attribute named inside a value path (`type` in `emails[type eq "work"]`). */
export function resolveSubAttribute(
  resourceType: ResourceTypeName,
  parent: AttributeRef,
  name: string,
  position?: number,
): AttributeRef {
  const sub = findSubAttribute(resourceType, parent, name);
  if (!sub) throw new FilterError(`Unknown sub-attribute "${name}" of "${parent.path}"`, position);
  return sub;
}

/**
 * A complex attribute compared without sub-attribute (`emails co "@x"`) means its "value"
 * sub-attribute (RFC 7644 3.4.2.2); undefined when it has none.
 */
export function defaultValueAttribute(
  resourceType: ResourceTypeName,
  complex: AttributeRef,
): AttributeRef | undefined {
  return findSubAttribute(resourceType, complex, 'value');
}

export function isComplexWithoutSubAttribute(ref: AttributeRef): boolean {
  return ref.type === 'complex' && ref.subAttribute === undefined;
}

function findSubAttribute(
  resourceType: ResourceTypeName,
  parent: AttributeRef,
  name: string,
): AttributeRef | undefined {
  if (!/^[^.:]+$/.test(name)) return undefined;
  const prefix = parent.schemaId ? `${parent.schemaId}:` : '';
  const resolved = resolveAttributePath(resourceType, `${prefix}${parent.attribute}.${name}`);
  return resolved ? toAttributeRef(resolved) : undefined;
}
