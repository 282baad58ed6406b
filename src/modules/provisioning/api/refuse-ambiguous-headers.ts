import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ScimError } from '../domain/error/scim-error';
import { replyError } from './scim-exception.filter';

/** Headers that decide who the caller is and which tenant it addresses: one each, or 400. */
const DECIDING = new Set(['host', 'authorization']);

/** The first deciding header given twice, or a Host value listing several; undefined when none. */
export function ambiguousHeader(rawHeaders: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (!DECIDING.has(name)) continue;
    if (seen.has(name)) return `the request carries more than one ${name} header`;
    seen.add(name);
    if (name === 'host' && /[\s,]/.test(rawHeaders[i + 1]!.trim()))
      return 'the Host header must name one host (RFC 9110 7.2)';
  }
  return undefined;
}

/**
 * RFC 9112 3.2: a request with more than one Host, or an invalid one, is answered 400. Node keeps
 * the first of each, so `Host: users-a…` then `Host: users-b…` passed the tenant check as a and a
 * proxy reading the last saw b; two Authorization headers the same. Refused in the error shape of
 * the API the URL names (SCIM or JSON), before any other hook.
 */
export function refuseAmbiguousHeaders(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const problem = ambiguousHeader(request.raw.rawHeaders);
    if (problem === undefined) return done();
    void replyError(logger, request, reply, new ScimError(400, problem));
  });
}
