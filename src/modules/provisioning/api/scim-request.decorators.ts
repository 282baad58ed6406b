import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CommandContext } from '../../../platform/es/command-context';
import { principalOf } from './scim-auth.guard';

export interface ScimCall {
  subscription: string;
  tokenId: string;
  /** https://host/scim/v2, for meta.location and $ref. */
  baseUrl: string;
  context: CommandContext;
}

/** The authenticated SCIM call: its subscription, base URL and the metadata its events carry. */
export const Scim = createParamDecorator((_data: unknown, ctx: ExecutionContext): ScimCall =>
  scimCallOf(ctx.switchToHttp().getRequest()),
);

/** The call of a request the token guard has let through. */
export function scimCallOf(request: FastifyRequest): ScimCall {
  const principal = principalOf(request);
  const forwarded = request.headers['x-forwarded-proto'];
  const proto = typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : request.protocol;
  return {
    subscription: principal.subscription,
    tokenId: principal.tokenId,
    baseUrl: `${proto}://${request.headers.host ?? 'localhost'}/scim/v2`,
    context: { correlationId: String(request.id), actor: `scim-token:${principal.tokenId}` },
  };
}
