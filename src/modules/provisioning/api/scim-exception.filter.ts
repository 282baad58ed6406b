import type { Duplex } from 'node:stream';
import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { reasonPhrase } from '../../../platform/http/admin/admin-exception.filter';
import { LOGGER } from '../../../platform/logging/logger';
import { rememberScimError } from './scim-request-error';
import { ScimError } from '../domain/error/scim-error';
import { toScimError } from './to-scim-error';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/**
 * Global: requests under /scim answer RFC 7644 errors; any other route answers the admin JSON
 * shape `{statusCode, error, message}`. Never a stack trace.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    replyError(this.logger, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception);
  }
}

/** The filter's answer; also of the routes served outside Nest (answerScimRoute). */
export function replyError(
  logger: Logger,
  request: FastifyRequest,
  reply: FastifyReply,
  exception: unknown,
): FastifyReply {
  const error = toScimError(exception);
  rememberScimError(request, error);
  if (isFailure(error)) logger.error({ err: exception, url: request.url }, 'request failed');
  if (error.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(error.retryAfterSeconds));
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  if (request.url.startsWith('/scim/')) {
    return reply
      .status(error.status)
      .header('content-type', SCIM_CONTENT_TYPE)
      .send(JSON.stringify(error.toBody()));
  }
  return reply
    .status(error.status)
    .send({ statusCode: error.status, error: reasonPhrase(error.status), message: error.detail });
}

/**
 * A 5xx the service did not mean to answer. Not a temporary condition (Retry-After), nor the 501
 * of an endpoint it does not implement (/Me, /Bulk): a client's call there is no failure to log.
 */
function isFailure(error: ScimError): boolean {
  return error.status >= 500 && error.status !== 501 && error.retryAfterSeconds === undefined;
}

/**
 * Fastify's `frameworkErrors`: a URL its router refuses before any route runs answers like
 * every other error (a SCIM body under /scim) instead of Fastify's own JSON, which echoes the path.
 */
export function replyFrameworkError(
  logger: Logger,
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  return replyError(logger, request, reply, frameworkError(error));
}

function frameworkError(error: Error & { code?: string }): unknown {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new ScimError(400, 'the URL path is not valid: a percent-encoded character is malformed');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      // Ids, names and token ids are far shorter than the router's limit of 100 characters.
      return new ScimError(404, 'no resource has an id or name this long');
    default:
      return error;
  }
}

/** Seconds a client is told to wait when the service is stopping (another instance, or this one restarted). */
const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

/**
 * While the server drains (SIGTERM), a request arriving on a kept-alive connection is refused with
 * 503 and Retry-After in its API's error shape (a SCIM error under /scim), in place of Fastify's
 * own JSON: the adapter is created with return503OnClosing false, and this hook sheds instead.
 */
export function answerWhileClosing(fastify: FastifyInstance, logger: Logger): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    void replyError(
      logger,
      request,
      reply,
      new ScimError(
        503,
        'the service is shutting down; retry shortly',
        undefined,
        SHUTDOWN_RETRY_AFTER_SECONDS,
      ),
    );
  });
}

const SCIM_REQUEST_LINE = /^[A-Z]+ \/scim\//;

/**
 * Node's HTTP parser refuses a request line and headers over 16 KB before any route runs, and
 * Fastify answers its own JSON. Under /scim (a long filter in a GET) this answers an RFC 7644
 * error pointing to POST /.search instead; anything else is left to Fastify (an answered socket
 * is destroyed, which Fastify's handler then skips). Register with prependListener('clientError').
 */
export function answerScimHeaderOverflow(
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Duplex,
): void {
  if (error.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable) return;
  if (!SCIM_REQUEST_LINE.test(error.rawPacket?.toString('latin1', 0, 32) ?? '')) return;
  const body = JSON.stringify(
    new ScimError(
      431,
      'the request line and headers are longer than 16 KB: send a long filter in the body of POST /.search (RFC 7644 section 3.4.3)',
    ).toBody(),
  );
  socket.end(
    `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: ${SCIM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroy();
}
