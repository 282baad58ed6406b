export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/**
 * What is wrong with a body's `schemas` (RFC 7643 3: the URNs of the schemas it follows), or
 * undefined. A list must be strings and name `required` (the endpoint's core schema, or the
 * SearchRequest message); extensions the server does not know are tolerated, as in the body. A
 * body without `schemas` is taken as the endpoint's own (lenient: curl and scripts leave it out).
 */
export function declaredSchemasProblem(declared: unknown, required: string): string | undefined {
  if (declared === undefined) return undefined;
  if (!Array.isArray(declared) || !declared.every((urn) => typeof urn === 'string'))
    return '"schemas" must be an array of schema URNs';
  if (!declared.some((urn: string) => urn.toLowerCase() === required.toLowerCase()))
    return `"schemas" must list ${required}`;
  return undefined;
}
