import { Get, Param, Query } from '@nestjs/common';
import { JsonObject } from '../../../platform/event-store/event-store.port';
import {
  ALL_SCHEMAS,
  listResponse,
  resourceTypeDocuments,
  schemaDocument,
  serviceProviderConfig,
} from '../domain/discovery/discovery-documents';
import { ScimError } from '../domain/error/scim-error';
import { ScimCall } from '../application/scim-call';
import { Scim } from './scim-request.decorators';
import { ScimContentType, ScimController } from './scim-controller.decorator';

type Raw = Record<string, unknown>;

/**
 * RFC 7644 section 4: these endpoints take no filter, and one SHOULD answer 403, so that a client
 * never takes the whole answer for what matched. The name in any case, as lists read it.
 */
function refuseFilter(query: Raw): void {
  const key = Object.keys(query).find((k) => k.toLowerCase() === 'filter');
  const value = key === undefined ? undefined : query[key];
  if (value !== undefined && value !== null && String(value).trim() !== '')
    throw new ScimError(403, 'filtering is not supported on this endpoint');
}

/** RFC 7644 section 4: what this server supports, read by Entra when the admin saves the connection. */
@ScimController()
export class DiscoveryController {
  @Get('ServiceProviderConfig')
  @ScimContentType()
  serviceProviderConfig(@Scim() call: ScimCall, @Query() query: Raw): JsonObject {
    refuseFilter(query);
    return serviceProviderConfig(call.baseUrl);
  }

  @Get('ResourceTypes')
  @ScimContentType()
  resourceTypes(@Scim() call: ScimCall, @Query() query: Raw): JsonObject {
    refuseFilter(query);
    return listResponse(resourceTypeDocuments(call.baseUrl));
  }

  @Get('ResourceTypes/:id')
  @ScimContentType()
  resourceType(@Scim() call: ScimCall, @Param('id') id: string, @Query() query: Raw): JsonObject {
    refuseFilter(query);
    const found = resourceTypeDocuments(call.baseUrl).find((r) => r.id === id);
    if (!found) throw new ScimError(404, `resource type ${id} not found`);
    return found;
  }

  @Get('Schemas')
  @ScimContentType()
  schemas(@Scim() call: ScimCall, @Query() query: Raw): JsonObject {
    refuseFilter(query);
    return listResponse(ALL_SCHEMAS.map((schema) => schemaDocument(schema, call.baseUrl)));
  }

  @Get('Schemas/:id')
  @ScimContentType()
  schema(@Scim() call: ScimCall, @Param('id') id: string, @Query() query: Raw): JsonObject {
    refuseFilter(query);
    const schema = ALL_SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
    if (!schema) throw new ScimError(404, `schema ${id} not found`);
    return schemaDocument(schema, call.baseUrl);
  }
}
