import { Body, Delete, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etag } from '../application/scim-document';
import { ScimUsersService, WriteOptions, WrittenUser } from '../application/scim-users.service';
import { parseProjection, parseSearchBody } from '../application/scim-list-params';
import { parsePreconditions } from '../domain/version/scim-preconditions';
import { ScimContentType, ScimController } from './scim-controller.decorator';
import { ScimCall } from '../application/scim-call';
import { Scim } from './scim-request.decorators';
import { WaitsForAnsweredWritesItself } from '../../../platform/http/read-your-writes.guard';

type Raw = Record<string, unknown>;

/** RFC 7644 /Users as Microsoft Entra ID and other SCIM clients use it; the GETs: users-read.routes. */
@ScimController('Users')
export class UsersController {
  constructor(private readonly users: ScimUsersService) {}

  // A create reads no user; the answer's reads wait for it (answerAhead).
  @Post()
  @HttpCode(201)
  @ScimContentType()
  @WaitsForAnsweredWritesItself()
  async create(
    @Scim() call: ScimCall,
    @Body() body: unknown,
    @Query() query: Raw,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const written = await this.users.create(call, body, parseProjection(query, 'User'));
    void reply.header('location', `${call.baseUrl}/Users/${written.id}`);
    return this.answer(written, reply);
  }

  @Post('.search')
  @HttpCode(200)
  @ScimContentType()
  search(@Scim() call: ScimCall, @Body() body: unknown): string {
    return this.users.listBody(call, parseSearchBody(body, 'User'));
  }

  // Both wait for the user's own writes answered ahead (ScimUsersService), not for everyone's.
  @Put(':id')
  @ScimContentType()
  @WaitsForAnsweredWritesItself()
  async replace(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: Raw,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.answer(await this.users.replace(call, id, body, writeOptions(request, query)), reply);
  }

  @Patch(':id')
  @ScimContentType()
  @WaitsForAnsweredWritesItself()
  async patch(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: Raw,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.answer(await this.users.patch(call, id, body, writeOptions(request, query)), reply);
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

  /** The user's JSON text as GET answers it (RFC 7644 3.3: the created or changed resource). */
  private answer(written: WrittenUser, reply: FastifyReply): string {
    void reply.header('etag', etag(written.version));
    return written.body;
  }
}

/** Read before the write: a bad If-Match, If-None-Match or ?attributes is refused with nothing stored. */
function writeOptions(request: FastifyRequest, query: Raw): WriteOptions {
  return { preconditions: parsePreconditions(request.headers), projection: parseProjection(query, 'User') };
}
