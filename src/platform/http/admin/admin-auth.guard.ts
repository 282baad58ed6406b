import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

const digest = (value: string) => createHash('sha256').update(value).digest();

const ADMIN_KEY_REQUIRED = 'a valid admin API key is required (Authorization: Bearer <ADMIN_API_KEY>)';

const BEARER = /^Bearer\s+(.+)$/i;

/** `Authorization: Bearer <key>`, compared in constant time with the configured key's digest. */
function carriesAdminKey(request: FastifyRequest, expected: Buffer): boolean {
  const match = BEARER.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1].trim()), expected);
}

/**
 * The 401's challenge (RFC 7235 3.1, RFC 6750 3): the realm, and error="invalid_token" when a
 * bearer key was presented and refused.
 */
function challenge(request: FastifyRequest, reply: FastifyReply): void {
  const presented = BEARER.test(request.headers.authorization ?? '');
  void reply.header('www-authenticate', `Bearer realm="admin"${presented ? ', error="invalid_token"' : ''}`);
}

/** `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant time. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = digest(config.adminApiKey ?? '');
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (carriesAdminKey(request, this.expected)) return true;
    challenge(request, http.getResponse<FastifyReply>());
    throw new UnauthorizedException(ADMIN_KEY_REQUIRED);
  }
}

/**
 * The same check before a body is read (Fastify parses bodies before Nest's guards run): a
 * request to /admin/v1 without the key answers 401 without its JSON being parsed.
 */
export function refuseAdminRequestsWithoutKey(fastify: FastifyInstance, config: AppConfig): void {
  const expected = digest(config.adminApiKey ?? '');
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/admin/v1') || carriesAdminKey(request, expected)) return done();
    challenge(request, reply);
    void reply.status(401).send({ statusCode: 401, error: 'Unauthorized', message: ADMIN_KEY_REQUIRED });
  });
}
