import { HttpException } from '@nestjs/common';
import { DomainError } from '../../../platform/es/domain-event';
import { JsonBodyTooDeepError } from '../../../platform/http/json-depth';
import { InvalidJsonTextError } from '../../../platform/http/json-text';
import { StaleRevisionError } from '../../../platform/es/event-sourced-repository';
import { WrongExpectedRevisionError } from '../../../platform/event-store/event-store.errors';
import { unavailable } from '../../../platform/http/unavailable';
import { IncompleteUserError } from '../../identity/contracts/incomplete-user.error';
import { FilterError } from '../domain/filter/filter.error';
import { incompleteUserDetail } from '../domain/schema/required-user-attributes';
import { ScimPatchError } from '../domain/patch/scim-patch.error';
import { ScimError, ScimErrorType } from '../domain/error/scim-error';

// Domain refusals that SCIM reports with a specific scimType.
const SCIM_TYPE_OF_CODE: Record<string, ScimErrorType> = {
  'reservation.taken': 'uniqueness',
  'user.exists': 'uniqueness',
  'group.exists': 'uniqueness',
};
// Every other refusal of a value (incomplete user, unknown member, nesting cycle...) is invalidValue.
const SCIM_TYPE_OF_KIND: Partial<Record<DomainError['kind'], ScimErrorType>> = { invalid: 'invalidValue' };

const STATUS_OF_KIND = { 'not-found': 404, conflict: 409, invalid: 400 } as const;

/** Maps anything thrown while serving SCIM to an RFC 7644 error; unknown failures become a bare 500. */
export function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  // Named as the SCIM client and the policy's admin name them, not as Identity's profile does.
  if (error instanceof IncompleteUserError)
    return new ScimError(400, incompleteUserDetail(error.missing), 'invalidValue');
  if (error instanceof DomainError)
    return new ScimError(
      STATUS_OF_KIND[error.kind],
      error.message,
      SCIM_TYPE_OF_CODE[error.code] ?? SCIM_TYPE_OF_KIND[error.kind],
    );
  if (error instanceof FilterError) return new ScimError(400, error.message, 'invalidFilter');
  if (error instanceof ScimPatchError) return new ScimError(400, error.message, error.scimType);
  if (error instanceof StaleRevisionError)
    return new ScimError(412, `the resource is at version W/"${error.actual}", not W/"${error.expected}"`);
  if (error instanceof WrongExpectedRevisionError)
    return new ScimError(409, 'the resource was changed concurrently; retry the request');
  const storage = unavailable(error);
  if (storage) return new ScimError(503, storage.message, undefined, storage.retryAfterSeconds);
  if (error instanceof HttpException)
    // Our SCIM code throws ScimError; a bare 400 here comes from body parsing.
    return new ScimError(
      error.getStatus(),
      httpMessage(error),
      error.getStatus() === 400 ? 'invalidSyntax' : undefined,
    );
  if (error instanceof JsonBodyTooDeepError || error instanceof InvalidJsonTextError)
    return new ScimError(400, error.message, 'invalidSyntax');
  // Fastify's own errors (body too large, bad JSON, unsupported media type) carry a statusCode.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = (error as Error).message;
    if (status === 400)
      return new ScimError(400, `the request body is not valid JSON: ${message}`, 'invalidSyntax');
    if (status === 413) return new ScimError(413, 'the request body is larger than the server accepts');
    return new ScimError(status, message);
  }
  return new ScimError(500, 'internal server error');
}

function httpMessage(error: HttpException): string {
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
}
