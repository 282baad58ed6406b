import { ResourceTypeName } from '../schema/scim-schema.types';
import { JsonObject, isJsonObject, pruneEmpty } from './json';
import { coreSchemaIdOf, extensionSchemaIdsOf, isExtensionSchema } from './schema-lookup';

/**
 * The object holding a schema's attributes inside a resource: the resource itself for core and
 * common attributes, the object under the URN key for an extension (created on demand).
 */
export function attributeContainer(
  resourceType: ResourceTypeName,
  resource: JsonObject,
  schemaId: string,
): JsonObject {
  if (!isExtensionSchema(resourceType, schemaId)) return resource;
  const existing = resource[schemaId];
  if (isJsonObject(existing)) return existing;
  const created: JsonObject = {};
  resource[schemaId] = created;
  return created;
}

/**
 * Drops nulls and empty objects/arrays, removes emptied extensions, and keeps "schemas" in step:
 * the core URN first, an extension URN exactly when its object is present.
 */
export function finalizeResource(resourceType: ResourceTypeName, resource: JsonObject): JsonObject {
  pruneEmpty(resource);
  const present = extensionSchemaIdsOf(resourceType).filter((id) => isJsonObject(resource[id]));
  resource.schemas = [coreSchemaIdOf(resourceType), ...present];
  return resource;
}
