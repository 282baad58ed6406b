import { Body, Delete, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JsonObject } from '../../../platform/event-store/event-store.port';
import { etag } from '../application/scim-document';
import { ScimDocument, ScimUsersService } from '../application/scim-users.service';
import { parseIfMatch, parseProjection, parseSearchBody } from './scim-list-params';
import { ScimContentType, ScimController } from './scim-controller.decorator';
import { Scim, ScimCall } from './scim-request.decorators';
import { selectAttributes } from '../domain/response/select-attributes';

type Raw = Record<string, unknown>;

/** RFC 7644 /Users as Microsoft Entra ID and other SCIM clients use it; the GETs: users-read.routes. */
@ScimController('Users')
export class UsersController {
  constructor(private readonly users: ScimUsersService) {}

  @Post()
  @HttpCode(201)
  @ScimContentType()
  async create(
    @Scim() call: ScimCall,
    @Body() body: unknown,
    @Query() query: Raw,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const document = await this.users.create(call, body);
    void reply.header('location', document.resource.meta && (document.resource.meta as JsonObject).location);
    return this.answer(document, query, reply);
  }

  @Post('.search')
  @HttpCode(200)
  @ScimContentType()
  search(@Scim() call: ScimCall, @Body() body: unknown) {
    return this.users.listBody(call, parseSearchBody(body, 'User'));
  }

  @Put(':id')
  @ScimContentType()
  async replace(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: Raw,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const document = await this.users.replace(call, id, body, parseIfMatch(request.headers['if-match']));
    return this.answer(document, query, reply);
  }

  @Patch(':id')
  @ScimContentType()
  async patch(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: Raw,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const document = await this.users.patch(call, id, body, parseIfMatch(request.headers['if-match']));
    return this.answer(document, query, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Scim() call: ScimCall, @Param('id') id: string, @Req() request: FastifyRequest) {
    await this.users.delete(call, id, parseIfMatch(request.headers['if-match']));
  }

  private answer(document: ScimDocument, query: Raw, reply: FastifyReply): JsonObject {
    void reply.header('etag', etag(document.version));
    const projection = parseProjection(query, 'User');
    return selectAttributes(document.resource, projection.attributes, projection.excludedAttributes);
  }
}
