import { JsonObject } from '../../../../platform/event-store/event-store.port';
import { AttributeDefinition, SchemaDefinition } from '../schema/scim-schema.types';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, RESOURCE_SCHEMAS, USER_SCHEMA } from '../schema/scim-schemas';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** Page size cap for list responses, advertised as filter.maxResults. */
export const MAX_RESULTS = 1000;

function attributeJson(attribute: AttributeDefinition): JsonObject {
  const json: JsonObject = {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
  };
  if (attribute.canonicalValues) json.canonicalValues = attribute.canonicalValues;
  if (attribute.referenceTypes) json.referenceTypes = attribute.referenceTypes;
  if (attribute.subAttributes) json.subAttributes = attribute.subAttributes.map(attributeJson);
  return json;
}

export function schemaDocument(schema: SchemaDefinition, baseUrl: string): JsonObject {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeJson),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

export const ALL_SCHEMAS: SchemaDefinition[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

export function resourceTypeDocuments(baseUrl: string): JsonObject[] {
  return (['User', 'Group'] as const).map((name) => ({
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: name,
    name,
    endpoint: `/${name}s`,
    description: name === 'User' ? 'User Account' : 'Group',
    schema: RESOURCE_SCHEMAS[name].core.id,
    schemaExtensions: RESOURCE_SCHEMAS[name].extensions.map((extension) => ({
      schema: extension.id,
      required: false,
    })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${name}` },
  }));
}

export function serviceProviderConfig(baseUrl: string): JsonObject {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'The SCIM API token generated in the Customer Portal, sent as Authorization: Bearer <token>.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function listResponse(resources: JsonObject[]): JsonObject {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    Resources: resources,
    startIndex: 1,
    itemsPerPage: resources.length,
  };
}
