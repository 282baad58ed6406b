import { applyDecorators, Controller, Header, UseGuards } from '@nestjs/common';
import { SCIM_CONTENT_TYPE } from './scim-exception.filter';
import { ScimAuthGuard } from './scim-auth.guard';

/** A SCIM controller under /scim/v2: bearer token of one subscription, application/scim+json answers. */
export function ScimController(path = ''): ClassDecorator {
  return applyDecorators(Controller(path ? `scim/v2/${path}` : 'scim/v2'), UseGuards(ScimAuthGuard));
}

/** application/scim+json on success answers (RFC 7644 section 3.1). */
export const ScimContentType = (): MethodDecorator => Header('content-type', SCIM_CONTENT_TYPE);
