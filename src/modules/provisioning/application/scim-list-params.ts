import { AttributeRef } from '../domain/filter/filter.ast';
import { parseAttributeList, parseFilter } from '../domain/filter';
import { MAX_RESULTS } from '../domain/discovery/discovery-documents';
import { FilterError } from '../domain/filter/filter.error';
import { ResourceTypeName } from '../domain/schema/scim-schema.types';
import { ResourceQuery } from '../infrastructure/read-model/scim-resource.reader';
import { ScimError } from '../domain/error/scim-error';
import { SEARCH_REQUEST_SCHEMA, declaredSchemasProblem } from '../domain/schema/declared-schemas';

export const DEFAULT_PAGE_SIZE = 100;

export interface Projection {
  attributes?: AttributeRef[];
  excludedAttributes?: AttributeRef[];
}

export interface ListParams extends ResourceQuery, Projection {}

type Raw = Record<string, unknown>;

// Parameter names are case-insensitive in practice (Entra sends excludedAttributes, some clients ExcludedAttributes).
function rawValue(raw: Raw, name: string): unknown {
  const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : raw[key];
}

function param(raw: Raw, name: string): string | undefined {
  const value = rawValue(raw, name);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

function integer(raw: Raw, name: string): number | undefined {
  const text = param(raw, name);
  if (text === undefined || text.trim() === '') return undefined;
  // A query string's text: digits only (Number() also reads "1e3", "0x10" and "1.0"); a
  // .search body's JSON number: any integer.
  const fromJson = typeof rawValue(raw, name) === 'number';
  const value = fromJson || /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value))
    throw new ScimError(400, `${name} must be an integer, got "${text}"`, 'invalidValue');
  // Past 2^53 it would reach SQL as a float, which SQLite refuses as an OFFSET; clamped, it
  // still lies beyond every result.
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, value));
}

export function parseProjection(raw: Raw, resourceType: ResourceTypeName): Projection {
  const attributes = param(raw, 'attributes');
  const excluded = param(raw, 'excludedAttributes');
  return {
    attributes: attributes ? attributeList('attributes', attributes, resourceType) : undefined,
    excludedAttributes: excluded ? attributeList('excludedAttributes', excluded, resourceType) : undefined,
  };
}

/** A list of attribute names is not a filter: its errors say which parameter, as invalidValue. */
function attributeList(name: string, text: string, resourceType: ResourceTypeName): AttributeRef[] {
  try {
    return parseAttributeList(text, resourceType);
  } catch (error) {
    if (error instanceof FilterError) throw new ScimError(400, `${name}: ${error.message}`, 'invalidValue');
    throw error;
  }
}

/** Query string (GET) or body (POST .search) to a list request; RFC 7644 sections 3.4.2 and 3.4.3. */
export function parseListParams(raw: Raw, resourceType: ResourceTypeName): ListParams {
  const filterText = param(raw, 'filter');
  // RFC 7644 3.4.2.4: startIndex below 1 means 1; count below 0 means 0; above the cap, the cap.
  const startIndex = Math.max(1, integer(raw, 'startIndex') ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, integer(raw, 'count') ?? DEFAULT_PAGE_SIZE));
  return {
    filter: filterText && filterText.trim() !== '' ? parseFilter(filterText, resourceType) : undefined,
    sortBy: param(raw, 'sortBy') || undefined,
    sortOrder: param(raw, 'sortOrder') || undefined,
    startIndex,
    count,
    ...parseProjection(raw, resourceType),
  };
}

/** POST /.search (RFC 7644 3.4.3): the same parameters in a JSON body; anything else reads as none. */
export function parseSearchBody(body: unknown, resourceType: ResourceTypeName): ListParams {
  const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Raw) : {};
  const problem = declaredSchemasProblem(rawValue(raw, 'schemas'), SEARCH_REQUEST_SCHEMA);
  if (problem) throw new ScimError(400, problem, 'invalidSyntax');
  return parseListParams(raw, resourceType);
}
