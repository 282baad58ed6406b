import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { DomainError } from '../../es/domain-event';
import { StaleRevisionError } from '../../es/event-sourced-repository';
import { LOGGER } from '../../logging/logger';
import { WrongExpectedRevisionError } from '../../event-store/event-store.errors';
import { InitialReplayError } from '../../read-model/initial-replay';
import { unavailable } from '../unavailable';

const STATUS_OF_KIND = { 'not-found': 404, conflict: 409, invalid: 400 } as const;

/** Admin API errors: JSON `{statusCode, error, message}`, never a stack trace. */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { statusCode, message, retryAfterSeconds } = this.describe(exception);
    // The first start's replay is a known state (its progress is logged), not a failed request.
    if (statusCode >= 500 && !(exception instanceof InitialReplayError))
      this.logger.error({ err: exception }, 'admin API request failed');
    if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
    void reply.status(statusCode).send({ statusCode, error: reasonPhrase(statusCode), message });
  }

  private describe(exception: unknown): { statusCode: number; message: string; retryAfterSeconds?: number } {
    if (exception instanceof DomainError)
      return { statusCode: STATUS_OF_KIND[exception.kind], message: exception.message };
    if (exception instanceof StaleRevisionError)
      return {
        statusCode: 412,
        message: `If-Match: the resource is at version ${exception.actual}, not ${exception.expected}`,
      };
    if (exception instanceof WrongExpectedRevisionError)
      return { statusCode: 409, message: 'the resource was changed concurrently; retry' };
    const storage = unavailable(exception);
    if (storage) return { statusCode: 503, ...storage };
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
      return { statusCode: exception.getStatus(), message };
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return { statusCode: status, message: (exception as Error).message };
    return { statusCode: 500, message: 'internal error; see the server log' };
  }
}

/** "Not Found" for 404: the `error` field of the JSON errors outside /scim/v2. */
export function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}
