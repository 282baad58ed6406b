import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ScimAuthGuard, hasScimPrincipal } from './scim-auth.guard';
import { SCIM_CONTENT_TYPE, replyError } from './scim-exception.filter';

/**
 * The answer of a SCIM route served on Fastify directly (users-read and users-write.routes), as
 * the Nest routes answer: authenticated first, then `body` (JSON text) as application/scim+json,
 * or the SCIM error.
 */
export async function answerScimRoute(
  guard: ScimAuthGuard,
  logger: Logger,
  request: FastifyRequest,
  reply: FastifyReply,
  body: () => string | Promise<string>,
): Promise<FastifyReply> {
  try {
    // Checked by ScimAuthHook before the body was read: no promise to wait for then.
    if (!hasScimPrincipal(request)) await guard.authenticate(request);
    const text = body();
    return reply.header('content-type', SCIM_CONTENT_TYPE).send(typeof text === 'string' ? text : await text);
  } catch (error) {
    return replyError(logger, request, reply, error);
  }
}
