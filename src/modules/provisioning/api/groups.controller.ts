import { Readable } from 'node:stream';
import {
  Body,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JsonObject } from '../../../platform/event-store/event-store.port';
import { etag } from '../application/scim-document';
import { GroupDocument, ScimGroupsService } from '../application/scim-groups.service';
import { SCIM_CONTENT_TYPE } from './scim-exception.filter';
import {
  Projection,
  parseListParams,
  parseProjection,
  parseSearchBody,
} from '../application/scim-list-params';
import { ScimContentType, ScimController } from './scim-controller.decorator';
import { parsePreconditions } from '../domain/version/scim-preconditions';
import { ScimCall } from '../application/scim-call';
import { Scim } from './scim-request.decorators';

type Raw = Record<string, unknown>;
/** A group as JSON, or streamed when its member list goes with it (read from the read model page by page). */
type GroupBody = JsonObject | StreamableFile;

const asksForAttributes = (query: Raw) =>
  Object.keys(query).some((k) => ['attributes', 'excludedattributes'].includes(k.toLowerCase()));

/** RFC 7644 /Groups, with the membership changes Entra sends at scale. */
@ScimController('Groups')
export class GroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  @Post()
  @HttpCode(201)
  @ScimContentType()
  async create(
    @Scim() call: ScimCall,
    @Body() body: unknown,
    @Query() query: Raw,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GroupBody> {
    // Checked before the write: a bad ?attributes must not answer 400 for a stored group.
    const projection = parseProjection(query, 'Group');
    const document = await this.groups.create(call, body);
    void reply.header('location', (document.resource.meta as JsonObject).location);
    return this.answer(call, document, projection, reply);
  }

  @Get()
  @ScimContentType()
  list(@Scim() call: ScimCall, @Query() query: Raw): JsonObject {
    return this.groups.list(call, parseListParams(query, 'Group'));
  }

  @Post('.search')
  @HttpCode(200)
  @ScimContentType()
  search(@Scim() call: ScimCall, @Body() body: unknown): JsonObject {
    return this.groups.list(call, parseSearchBody(body, 'Group'));
  }

  @Get(':id')
  @ScimContentType()
  get(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Query() query: Raw,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): GroupBody {
    const projection = parseProjection(query, 'Group');
    return this.answer(call, this.groups.get(call, id, projection), projection, reply);
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
  ): Promise<GroupBody> {
    const projection = parseProjection(query, 'Group');
    const document = await this.groups.replace(call, id, body, parsePreconditions(request.headers));
    return this.answer(call, document, projection, reply);
  }

  /** 204 unless the client asks for attributes (Entra: "answer 204, or 200 without the member list"). */
  @Patch(':id')
  @ScimContentType()
  async patch(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Body() body: unknown,
    @Query() query: Raw,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GroupBody | undefined> {
    const projection = parseProjection(query, 'Group');
    const document = await this.groups.patch(call, id, body, parsePreconditions(request.headers), projection);
    if (!asksForAttributes(query)) {
      // No body, so no content type (the decorator's header is set before the handler runs).
      void reply.status(204).header('etag', etag(document.version)).removeHeader('content-type');
      return undefined;
    }
    return this.answer(call, document, projection, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Scim() call: ScimCall,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.groups.delete(call, id, parsePreconditions(request.headers));
  }

  private answer(
    call: ScimCall,
    document: GroupDocument,
    projection: Projection,
    reply: FastifyReply,
  ): GroupBody {
    void reply.header('etag', etag(document.version));
    const body = this.groups.body(call, document, projection);
    return body instanceof Readable ? new StreamableFile(body, { type: SCIM_CONTENT_TYPE }) : body;
  }
}
