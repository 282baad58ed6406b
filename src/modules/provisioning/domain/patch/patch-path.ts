import { resolveAttributePath } from '../schema/attribute-path';
import { AttributeDefinition, ResourceTypeName } from '../schema/scim-schema.types';
import { parseValueFilter } from './filter/value-filter.parser';
import { closingQuote } from './filter/value-filter.tokenizer';
import { ValueFilter } from './filter/value-filter.types';
import { findSubAttribute, matchSchemaId } from './schema-lookup';
import { ScimPatchError } from './scim-patch.error';

/** An attribute a PATCH operation points at, names in canonical case. */
export interface AttributeTarget {
  kind: 'attribute';
  /** Schema URN of the attribute; '' for the common attributes (id, externalId, meta). */
  schemaId: string;
  attribute: AttributeDefinition;
  /** Set for "emails[type eq \"work\"]" style paths (and "manager[value eq \"id\"]"). */
  filter?: ValueFilter;
  subAttribute?: AttributeDefinition;
  /** The path as the client wrote it, for error messages. */
  path: string;
}

/** A whole schema extension addressed by its URN, e.g. path "urn:...:enterprise:2.0:User". */
export interface SchemaTarget {
  kind: 'schema';
  schemaId: string;
  path: string;
}

export type PatchTarget = AttributeTarget | SchemaTarget;

/**
 * Parses an RFC 7644 PATH: attrPath ("userName", "name.givenName", URN-prefixed forms) or
 * valuePath with an optional sub-attribute ("emails[type eq \"work\"].value"), case-insensitively.
 */
export function parsePatchPath(resourceType: ResourceTypeName, path: string): PatchTarget {
  const schemaId = matchSchemaId(resourceType, path);
  if (schemaId !== undefined) return { kind: 'schema', schemaId, path };

  const open = path.indexOf('[');
  if (open < 0) return resolvePlainPath(resourceType, path);

  const close = closingBracket(path, open);
  const base = resolvePlainPath(resourceType, path.slice(0, open));
  const { attribute } = base;
  if (base.subAttribute || attribute.type !== 'complex') {
    throw new ScimPatchError('invalidPath', `"${path}": a filter applies only to a complex attribute`);
  }
  const filter = parseValueFilter(path.slice(open + 1, close), (name) => resolveFilterName(attribute, name));
  const target: AttributeTarget = { ...base, filter, path };
  const rest = path.slice(close + 1);
  if (rest === '') return target;
  const subAttribute = rest.startsWith('.') ? findSubAttribute(attribute, rest.slice(1)) : undefined;
  if (!subAttribute) throw new ScimPatchError('invalidPath', `"${path}": unknown sub-attribute "${rest}"`);
  return { ...target, subAttribute };
}

function resolvePlainPath(resourceType: ResourceTypeName, path: string): AttributeTarget {
  const resolved = resolveAttributePath(resourceType, path.trim());
  if (!resolved) throw new ScimPatchError('invalidPath', `Unknown attribute "${path}" for ${resourceType}`);
  const { schemaId, attribute, subAttribute } = resolved;
  return subAttribute
    ? { kind: 'attribute', schemaId, attribute, subAttribute, path }
    : { kind: 'attribute', schemaId, attribute, path };
}

/** Filter names are sub-attributes: "type", or fully written "emails.type". */
function resolveFilterName(attribute: AttributeDefinition, name: string): AttributeDefinition | undefined {
  const prefix = `${attribute.name.toLowerCase()}.`;
  const local = name.toLowerCase().startsWith(prefix) ? name.slice(prefix.length) : name;
  return findSubAttribute(attribute, local);
}

function closingBracket(path: string, open: number): number {
  for (let i = open + 1; i < path.length; i++) {
    if (path[i] === '"') i = closingQuote(path, i);
    else if (path[i] === ']') return i;
  }
  throw new ScimPatchError('invalidPath', `"${path}": missing "]"`);
}
