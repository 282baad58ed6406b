import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ScimCall } from '../application/scim-call';
import { forwardedHosts } from './forwarded-hosts';
import { principalOf } from './scim-auth.guard';

/** The authenticated SCIM call: its subscription, base URL and the metadata its events carry. */
export const Scim = createParamDecorator((_data: unknown, ctx: ExecutionContext): ScimCall =>
  scimCallOf(ctx.switchToHttp().getRequest()),
);

/** The call of a request the token guard has let through. */
export function scimCallOf(request: FastifyRequest): ScimCall {
  const principal = principalOf(request);
  return {
    subscription: principal.subscription,
    tokenId: principal.tokenId,
    baseUrl: `${protocolOf(request)}://${hostOf(request)}/scim/v2`,
    context: { correlationId: String(request.id), actor: `scim-token:${principal.tokenId}` },
  };
}

// A proxy's X-Forwarded-Proto says http or https; anything else is not a scheme to answer with.
const SCHEMES = new Set(['http', 'https']);
// A host name or an IP literal, with a port: what a URL's authority may hold (RFC 3986), no quotes or brackets of markup.
const AUTHORITY = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/** The scheme of the URLs answered (location, $ref): the proxy's when it says one we know. */
function protocolOf(request: FastifyRequest): string {
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = typeof forwarded === 'string' ? forwarded.split(',')[0].trim().toLowerCase() : '';
  return SCHEMES.has(proto) ? proto : request.protocol;
}

/**
 * The host the client used: the one a proxy passes on, else Host; never markup sent as a host
 * (a URL is built from it).
 */
function hostOf(request: FastifyRequest): string {
  const host = [...forwardedHosts(request.headers), request.headers.host ?? ''].find((candidate) =>
    AUTHORITY.test(candidate),
  );
  return host ?? 'localhost';
}
