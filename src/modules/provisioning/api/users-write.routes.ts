import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../platform/logging/logger';
import { ScimCall } from '../application/scim-call';
import { etag } from '../application/scim-document';
import { ScimUsersService, WriteOptions, WrittenUser } from '../application/scim-users.service';
import { parseProjection } from '../application/scim-list-params';
import { parsePreconditions } from '../domain/version/scim-preconditions';
import { ScimAuthGuard } from './scim-auth.guard';
import { scimCallOf } from './scim-request.decorators';
import { answerScimRoute } from './scim-route-answer';

type Raw = Record<string, unknown>;
type CreateRequest = FastifyRequest<{ Querystring: Raw; Body: unknown }>;
type UserWriteRequest = FastifyRequest<{ Params: { id: string }; Querystring: Raw; Body: unknown }>;

/**
 * POST /scim/v2/Users, PUT and PATCH /scim/v2/Users/{id}: Entra's writes, registered on Fastify
 * directly like the reads (users-read.routes): Nest's per-request pipeline was 4 to 5% of a
 * write's CPU. The same token check, error answers and provisioning log (a Fastify hook) apply.
 * A create reads no user; a PUT or PATCH waits for its own user's writes answered ahead
 * (ScimUsersService), not for everyone's as other routes do (ReadYourWritesGuard).
 */
@Injectable()
export class UsersWriteRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: ScimAuthGuard,
    private readonly users: ScimUsersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.post('/scim/v2/Users', (request: CreateRequest, reply) =>
      this.answer(request, reply, 201, async (call) => {
        const written = await this.users.create(call, request.body, parseProjection(request.query, 'User'));
        void reply.header('location', `${call.baseUrl}/Users/${written.id}`);
        return written;
      }),
    );
    fastify.put('/scim/v2/Users/:id', (request: UserWriteRequest, reply) =>
      this.answer(request, reply, 200, (call) =>
        this.users.replace(call, request.params.id, request.body, writeOptions(request)),
      ),
    );
    fastify.patch('/scim/v2/Users/:id', (request: UserWriteRequest, reply) =>
      this.answer(request, reply, 200, (call) =>
        this.users.patch(call, request.params.id, request.body, writeOptions(request)),
      ),
    );
  }

  /** The written user (RFC 7644 3.3, 3.5) with its status and ETag, or the SCIM error. */
  private answer(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    write: (call: ScimCall) => Promise<WrittenUser>,
  ) {
    return answerScimRoute(this.guard, this.logger, request, reply, async () => {
      const written = await write(scimCallOf(request));
      void reply.code(status).header('etag', etag(written.version));
      return written.body;
    });
  }
}

/** Read before the write: a bad If-Match, If-None-Match or ?attributes is refused with nothing stored. */
function writeOptions(request: UserWriteRequest): WriteOptions {
  return {
    preconditions: parsePreconditions(request.headers),
    projection: parseProjection(request.query, 'User'),
  };
}
