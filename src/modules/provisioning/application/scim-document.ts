import { JsonObject } from '../../../platform/event-store/event-store.port';
import { ENTERPRISE_USER_SCHEMA_ID } from '../domain/schema/scim-schemas';
import { ResourceTypeName } from '../domain/schema/scim-schema.types';

/** A stored document made absolute for this request: meta.location and references get the base URL. */
export function renderDocument(json: string, resourceType: ResourceTypeName, baseUrl: string): JsonObject {
  const resource = JSON.parse(json) as JsonObject;
  const meta = resource.meta as JsonObject;
  meta.location = `${baseUrl}/${resourceType}s/${String(resource.id)}`;
  const manager = (resource[ENTERPRISE_USER_SCHEMA_ID] as JsonObject | undefined)?.manager as
    JsonObject | undefined;
  if (manager?.value) manager.$ref = `${baseUrl}/Users/${String(manager.value)}`;
  for (const key of ['members', 'groups'] as const) {
    const list = resource[key];
    if (Array.isArray(list))
      for (const item of list as JsonObject[]) {
        const type = item.type === 'Group' || key === 'groups' ? 'Groups' : 'Users';
        item.$ref = `${baseUrl}/${type}/${String(item.value)}`;
      }
  }
  return resource;
}

export function etag(version: number): string {
  return `W/"${version}"`;
}

/** Whether a response with this projection can contain the (top-level) attribute. */
export function wantsAttribute(
  projection: {
    attributes?: { attribute: string }[];
    excludedAttributes?: { attribute: string; subAttribute?: string }[];
  },
  attribute: string,
): boolean {
  if (projection.attributes && projection.attributes.length > 0)
    return projection.attributes.some((a) => a.attribute === attribute);
  return !(projection.excludedAttributes ?? []).some((a) => a.attribute === attribute && !a.subAttribute);
}
