import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { InitialReplayError } from '../../../platform/read-model/initial-replay';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { ValidateScimTokenQuery } from '../../subscription/contracts/subscription.queries';
import { ScimError } from '../domain/error/scim-error';
import { forwardedHosts } from './forwarded-hosts';

export interface ScimPrincipal {
  subscription: string;
  tokenId: string;
}

type ScimRequest = FastifyRequest & { scimPrincipal?: ScimPrincipal };

// Tenant URL https://users-<subscription>.<domain>/scim/v2 (also users-<name> alone, or with a port).
const TENANT_HOST = /^users-([a-z0-9-]+)(?=[.:]|$)/i;

/**
 * The bearer token decides the subscription. A Host naming a subscription must name that one,
 * so a token pasted into the wrong tenant URL is refused instead of writing elsewhere. Behind a
 * proxy that rewrites Host, the host it passes on (X-Forwarded-Host, Forwarded) is checked too:
 * every host of the request that names a subscription must name the token's.
 */
@Injectable()
export class ScimAuthGuard implements CanActivate {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly readModel: ReadModel,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.authenticate(context.switchToHttp().getRequest<ScimRequest>());
    return true;
  }

  /**
   * Throws a 401 ScimError (a 503 while the read model replays from 0 at start), or records the
   * principal on the request (see principalOf).
   */
  async authenticate(request: ScimRequest): Promise<ScimPrincipal> {
    // Checked already, before the body was read (ScimAuthHook).
    if (request.scimPrincipal) return request.scimPrincipal;
    // Before the token check: tokens are read from the read model too, and a 401 for a valid
    // token puts Entra's provisioning job into quarantine; a 503 is a temporary failure.
    if (this.readModel.replayingFromStart) throw new InitialReplayError(this.readModel.error);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized('authentication required: send Authorization: Bearer <SCIM token>');
    const principal = await this.queryBus.execute(new ValidateScimTokenQuery(match[1]));
    if (!principal) throw unauthorized('the SCIM token is not valid (unknown, revoked or expired)', true);
    checkTenantHost(request.hostname ?? '', principal);
    for (const hostname of forwardedHosts(request.headers)) checkTenantHost(hostname, principal);
    request.scimPrincipal = principal;
    return principal;
  }
}

function checkTenantHost(hostname: string, principal: ScimPrincipal): void {
  const named = TENANT_HOST.exec(hostname)?.[1]?.toLowerCase();
  if (named !== undefined && named !== principal.subscription)
    throw unauthorized(`this token does not belong to the subscription "${named}" of the tenant URL`, true);
}

/** Whether the request's token was checked already (ScimAuthHook does it on every /scim request). */
export function hasScimPrincipal(request: FastifyRequest): boolean {
  return (request as ScimRequest).scimPrincipal !== undefined;
}

export function principalOf(request: FastifyRequest): ScimPrincipal {
  const principal = (request as ScimRequest).scimPrincipal;
  if (!principal) throw unauthorized('authentication required');
  return principal;
}

/**
 * A 401 with its challenge (RFC 6750 section 3, RFC 7235 section 3.1): the realm always, and
 * error="invalid_token" when a bearer token was presented and refused.
 */
function unauthorized(detail: string, tokenRefused = false): ScimError {
  const challenge = `Bearer realm="scim"${tokenRefused ? ', error="invalid_token"' : ''}`;
  return new ScimError(401, detail, undefined, undefined, { 'www-authenticate': challenge });
}
