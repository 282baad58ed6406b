import { ResolvedAttribute, resolveAttributePath } from '../schema/attribute-path';
import { AttributeDefinition, ResourceTypeName } from '../schema/scim-schema.types';

/**
 * RFC 7643 section 3: every resource has "schemas" (returned always), which the shared schema
 * definitions do not list; clients name it in excludedAttributes and filters.
 */
const SCHEMAS_ATTRIBUTE: AttributeDefinition = {
  name: 'schemas',
  type: 'reference',
  multiValued: true,
  description: 'The URIs of the schemas the resource conforms to.',
  required: true,
  caseExact: false,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'none',
  referenceTypes: ['uri'],
};

/** resolveAttributePath, plus the common attribute "schemas". */
export function resolveScimAttribute(
  resourceType: ResourceTypeName,
  rawPath: string,
): ResolvedAttribute | undefined {
  const resolved = resolveAttributePath(resourceType, rawPath);
  if (resolved || rawPath.toLowerCase() !== 'schemas') return resolved;
  return { schemaId: '', attribute: SCHEMAS_ATTRIBUTE, path: SCHEMAS_ATTRIBUTE.name };
}
