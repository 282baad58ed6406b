import { ENTERPRISE_USER_SCHEMA_ID, RESOURCE_SCHEMAS } from '../schema/scim-schemas';
import { AttributeDefinition, ResourceTypeName } from '../schema/scim-schema.types';

/** Schema URNs of a resource type, core first. */
export function schemaIdsOf(resourceType: ResourceTypeName): string[] {
  const { core, extensions } = RESOURCE_SCHEMAS[resourceType];
  return [core.id, ...extensions.map((s) => s.id)];
}

export function coreSchemaIdOf(resourceType: ResourceTypeName): string {
  return RESOURCE_SCHEMAS[resourceType].core.id;
}

export function extensionSchemaIdsOf(resourceType: ResourceTypeName): string[] {
  return RESOURCE_SCHEMAS[resourceType].extensions.map((s) => s.id);
}

/** The canonical URN when `text` is exactly one of the resource type's schema URNs (any case). */
export function matchSchemaId(resourceType: ResourceTypeName, text: string): string | undefined {
  const wanted = text.toLowerCase();
  return schemaIdsOf(resourceType).find((id) => id.toLowerCase() === wanted);
}

/** True for a "urn:..." key that belongs to none of the resource type's schemas (ignored in requests). */
export function isForeignUrn(resourceType: ResourceTypeName, key: string): boolean {
  const lower = key.toLowerCase();
  if (!lower.startsWith('urn:')) return false;
  return !schemaIdsOf(resourceType).some((id) => {
    const urn = id.toLowerCase();
    return lower === urn || lower.startsWith(`${urn}:`);
  });
}

/** Core and common attributes live at the top level; extension attributes under their URN key. */
export function isExtensionSchema(resourceType: ResourceTypeName, schemaId: string): boolean {
  return extensionSchemaIdsOf(resourceType).includes(schemaId);
}

export function findSubAttribute(
  attribute: AttributeDefinition,
  name: string,
): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return attribute.subAttributes?.find((a) => a.name.toLowerCase() === wanted);
}

/** The enterprise manager takes several shapes from Entra and is stored as {value}. */
export function isManagerAttribute(schemaId: string, attribute: AttributeDefinition): boolean {
  return schemaId === ENTERPRISE_USER_SCHEMA_ID && attribute.name === 'manager';
}
