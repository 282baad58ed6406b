import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../platform/logging/logger';
import { ScimAuthGuard } from './scim-auth.guard';
import { replyError } from './scim-exception.filter';

/**
 * Authenticates every /scim request before its body is read: Fastify parses a body before Nest's
 * guards run, so without this, requests with no token at all had up to SCIM_MAX_BODY_BYTES of
 * JSON parsed each, and eight such clients slowed every tenant's requests tenfold. The guard
 * then finds the principal this recorded.
 */
@Injectable()
export class ScimAuthHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: ScimAuthGuard,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/scim/')) return;
      try {
        await this.guard.authenticate(request);
      } catch (error) {
        return replyError(this.logger, request, reply, error);
      }
    });
  }
}
