import { Get, Param } from '@nestjs/common';
import {
  ALL_SCHEMAS,
  listResponse,
  resourceTypeDocuments,
  schemaDocument,
  serviceProviderConfig,
} from '../domain/discovery/discovery-documents';
import { ScimError } from './scim-error';
import { Scim, ScimCall } from './scim-request.decorators';
import { ScimContentType, ScimController } from './scim-controller.decorator';

/** RFC 7644 section 4: what this server supports, read by Entra when the admin saves the connection. */
@ScimController()
export class DiscoveryController {
  @Get('ServiceProviderConfig')
  @ScimContentType()
  serviceProviderConfig(@Scim() call: ScimCall) {
    return serviceProviderConfig(call.baseUrl);
  }

  @Get('ResourceTypes')
  @ScimContentType()
  resourceTypes(@Scim() call: ScimCall) {
    return listResponse(resourceTypeDocuments(call.baseUrl));
  }

  @Get('ResourceTypes/:id')
  @ScimContentType()
  resourceType(@Scim() call: ScimCall, @Param('id') id: string) {
    const found = resourceTypeDocuments(call.baseUrl).find((r) => r.id === id);
    if (!found) throw new ScimError(404, `resource type ${id} not found`);
    return found;
  }

  @Get('Schemas')
  @ScimContentType()
  schemas(@Scim() call: ScimCall) {
    return listResponse(ALL_SCHEMAS.map((schema) => schemaDocument(schema, call.baseUrl)));
  }

  @Get('Schemas/:id')
  @ScimContentType()
  schema(@Scim() call: ScimCall, @Param('id') id: string) {
    const schema = ALL_SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
    if (!schema) throw new ScimError(404, `schema ${id} not found`);
    return schemaDocument(schema, call.baseUrl);
  }
}
