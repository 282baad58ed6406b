import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../../../platform/logging/logger';
import { ScimAuthGuard } from './scim-auth.guard';
import { replyError } from './scim-exception.filter';
import { unroutedScimAnswer } from './unrouted-scim-request';

/**
 * Authenticates every /scim request before its body is read: Fastify parses a body before Nest's
 * guards run, so without this, requests with no token at all had up to SCIM_MAX_BODY_BYTES of
 * JSON parsed each, and eight such clients slowed every tenant's requests tenfold. The guard
 * then finds the principal this recorded. An authenticated request no route takes is answered
 * here too (501 for /Me and /Bulk, 405 for a wrong method), its body unread.
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
        // Only after the token check: an anonymous caller learns nothing about the routes.
        const path = request.url.split('?', 1)[0]!;
        // GET /Users/.search would be read as the user ".search": a search is POST only.
        const searchByOtherMethod = SEARCH.test(path) && request.method !== 'POST';
        if (request.is404 || searchByOtherMethod) {
          const unrouted = unroutedAnswer(fastify, request.method, path);
          if (unrouted) return replyError(this.logger, request, reply, unrouted);
        }
      } catch (error) {
        return replyError(this.logger, request, reply, error);
      }
    });
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

// RFC 7644 3.4.3: POST {base}/.search, {base}/Users/.search, {base}/Groups/.search.
const SEARCH = /\/\.search\/?$/;

/** 501 or 405 from the routes the path has for other methods; undefined leaves the 404 to Nest. */
function unroutedAnswer(fastify: FastifyInstance, method: string, path: string) {
  const methods = SEARCH.test(path) ? ['POST'] : METHODS;
  const allowed = methods.filter((m) => fastify.findRoute({ method: m, url: path }) !== null);
  return unroutedScimAnswer(method, path, allowed);
}
