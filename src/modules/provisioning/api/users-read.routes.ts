import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../platform/logging/logger';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { etag } from '../application/scim-document';
import { ScimUsersService } from '../application/scim-users.service';
import { ScimAuthGuard } from './scim-auth.guard';
import { parseListParams, parseProjection } from '../application/scim-list-params';
import { scimCallOf } from './scim-request.decorators';
import { answerScimRoute } from './scim-route-answer';

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
    private readonly readModel: ReadModel,
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
        const read = this.users.readBody(call, request.params.id, projection);
        const answer = ({ body, version }: { body: string; version: number }) => {
          void reply.header('etag', etag(version));
          return body;
        };
        return read instanceof Promise ? read.then(answer) : answer(read);
      }),
    );
    fastify.get('/scim/v2/Users', (request: ListRequest, reply) =>
      this.answer(request, reply, () => {
        // Read-your-writes, as the Nest routes have it (ReadYourWritesGuard).
        const waiting = this.readModel.waitForAnswered();
        const list = () => this.users.listBody(scimCallOf(request), parseListParams(request.query, 'User'));
        return waiting ? waiting.then(list) : list();
      }),
    );
  }

  private answer(request: FastifyRequest, reply: FastifyReply, body: () => string | Promise<string>) {
    return answerScimRoute(this.guard, this.logger, request, reply, body);
  }
}
