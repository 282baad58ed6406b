import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../platform/logging/logger';
import { etag } from '../application/scim-document';
import { ScimUsersService } from '../application/scim-users.service';
import { ScimAuthGuard } from './scim-auth.guard';
import { SCIM_CONTENT_TYPE, replyError } from './scim-exception.filter';
import { parseListParams, parseProjection } from '../application/scim-list-params';
import { scimCallOf } from './scim-request.decorators';

type Raw = Record<string, unknown>;
type UserRequest = FastifyRequest<{ Params: { id: string }; Querystring: Raw }>;
type ListRequest = FastifyRequest<{ Querystring: Raw }>;

/**
 * GET /scim/v2/Users/{id} and GET /scim/v2/Users (Entra's `userName eq` probe): the hottest SCIM
 * routes, registered on Fastify directly. Nest's per-request pipeline (guard and parameter
 * consumers, interceptors, response mapping) cost about a tenth of such a request; the same
 * guard, error answers and provisioning log (a Fastify hook) apply here as on every SCIM route.
 */
@Injectable()
export class UsersReadRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: ScimAuthGuard,
    private readonly users: ScimUsersService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    // An application context without HTTP (offline tools) has no adapter: no routes.
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.get('/scim/v2/Users/:id', (request: UserRequest, reply) =>
      this.answer(request, reply, () => {
        const call = scimCallOf(request);
        const projection = parseProjection(request.query, 'User');
        const { body, version } = this.users.getBody(call, request.params.id, projection);
        void reply.header('etag', etag(version));
        return body;
      }),
    );
    fastify.get('/scim/v2/Users', (request: ListRequest, reply) =>
      this.answer(request, reply, () =>
        this.users.listBody(scimCallOf(request), parseListParams(request.query, 'User')),
      ),
    );
  }

  /** Authenticated, then the body (JSON text) as application/scim+json, or the SCIM error. */
  private async answer(request: FastifyRequest, reply: FastifyReply, body: () => string) {
    try {
      await this.guard.authenticate(request);
      return reply.header('content-type', SCIM_CONTENT_TYPE).send(body());
    } catch (error) {
      return replyError(this.logger, request, reply, error);
    }
  }
}
