import { ENTERPRISE_USER_SCHEMA_ID, RESOURCE_SCHEMAS } from '../schema/scim-schemas';
import { AttributeDefinition, ResourceTypeName } from '../schema/scim-schema.types';

/** A resource type's schema URNs, worked out once: every request key and PATCH path is matched. */
interface SchemaIds {
  /** Core first. */
  all: readonly string[];
  extensions: readonly string[];
  /** Lower-cased URN to the canonical one. */
  byLowerCase: ReadonlyMap<string, string>;
}

const SCHEMA_IDS = Object.fromEntries(
  (Object.keys(RESOURCE_SCHEMAS) as ResourceTypeName[]).map((type) => {
    const { core, extensions } = RESOURCE_SCHEMAS[type];
    const all = Object.freeze([core.id, ...extensions.map((s) => s.id)]);
    const ids: SchemaIds = {
      all,
      extensions: Object.freeze(extensions.map((s) => s.id)),
      byLowerCase: new Map(all.map((id) => [id.toLowerCase(), id])),
    };
    return [type, ids];
  }),
) as Record<ResourceTypeName, SchemaIds>;

/** Schema URNs of a resource type, core first. */
export function schemaIdsOf(resourceType: ResourceTypeName): readonly string[] {
  return SCHEMA_IDS[resourceType].all;
}

export function coreSchemaIdOf(resourceType: ResourceTypeName): string {
  return RESOURCE_SCHEMAS[resourceType].core.id;
}

export function extensionSchemaIdsOf(resourceType: ResourceTypeName): readonly string[] {
  return SCHEMA_IDS[resourceType].extensions;
}

/**
 * False for text that cannot be a "urn:..." (it does not start with a "u" of any case): most keys
 * and paths are attribute names, and they are matched without a lower-cased copy.
 */
function mayBeUrn(text: string): boolean {
  return text.length >= 4 && (text.charCodeAt(0) | 0x20) === 0x75;
}

/** The canonical URN when `text` is exactly one of the resource type's schema URNs (any case). */
export function matchSchemaId(resourceType: ResourceTypeName, text: string): string | undefined {
  if (!mayBeUrn(text)) return undefined;
  return SCHEMA_IDS[resourceType].byLowerCase.get(text.toLowerCase());
}

/** True for a "urn:..." key that belongs to none of the resource type's schemas (ignored in requests). */
export function isForeignUrn(resourceType: ResourceTypeName, key: string): boolean {
  if (!mayBeUrn(key)) return false;
  const lower = key.toLowerCase();
  if (!lower.startsWith('urn:')) return false;
  return !SCHEMA_IDS[resourceType].all.some((id) => {
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
