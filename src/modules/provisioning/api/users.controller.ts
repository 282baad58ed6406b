import { Body, Delete, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ScimUsersService } from '../application/scim-users.service';
import { parseSearchBody } from '../application/scim-list-params';
import { parsePreconditions } from '../domain/version/scim-preconditions';
import { ScimContentType, ScimController } from './scim-controller.decorator';
import { ScimCall } from '../application/scim-call';
import { Scim } from './scim-request.decorators';

/**
 * RFC 7644 /Users as Microsoft Entra ID and other SCIM clients use it: search and DELETE. The GETs
 * are users-read.routes, POST, PUT and PATCH users-write.routes.
 */
@ScimController('Users')
export class UsersController {
  constructor(private readonly users: ScimUsersService) {}

  @Post('.search')
  @HttpCode(200)
  @ScimContentType()
  search(@Scim() call: ScimCall, @Body() body: unknown): string {
    return this.users.listBody(call, parseSearchBody(body, 'User'));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.users.delete(call, id, parsePreconditions(request.headers));
  }
}
