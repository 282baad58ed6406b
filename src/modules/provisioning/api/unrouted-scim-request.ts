import { ScimError } from '../domain/error/scim-error';

const SCIM_BASE = '/scim/v2';

// Endpoints RFC 7644 defines that this service does not implement: 501, not a 404 that reads as
// a wrong tenant URL.
const NOT_IMPLEMENTED: { path: RegExp; detail: string }[] = [
  {
    path: /^\/Me(\/|$)/,
    detail: '/Me is not supported (RFC 7644 section 3.11): the token names no user; use /Users/{id}',
  },
  {
    path: /^\/Bulk\/?$/,
    detail: 'bulk operations are not supported (ServiceProviderConfig: bulk.supported is false)',
  },
];

/**
 * The answer to a SCIM request no route took: 501 for /Me and /Bulk, 405 with Allow when the
 * path has routes for other methods (RFC 7231 6.5.5); undefined for an unknown path (404).
 */
export function unroutedScimAnswer(
  method: string,
  path: string,
  allowedMethods: string[],
): ScimError | undefined {
  if (!path.startsWith(`${SCIM_BASE}/`)) return undefined;
  const local = path.slice(SCIM_BASE.length);
  const unsupported = NOT_IMPLEMENTED.find((endpoint) => endpoint.path.test(local));
  if (unsupported) return new ScimError(501, unsupported.detail);
  if (allowedMethods.length === 0) return undefined;
  const allow = allowedMethods.join(', ');
  const detail = `${method} is not supported on this endpoint; it takes ${allow}`;
  return new ScimError(405, detail, undefined, undefined, { allow });
}
