import { AttributeDefinition, ResourceTypeName } from './scim-schema.types';
import { COMMON_ATTRIBUTES, RESOURCE_SCHEMAS } from './scim-schemas';

/** An attribute reference resolved against the schemas, names in their canonical case. */
export interface ResolvedAttribute {
  /** The schema URN the attribute belongs to; '' for common attributes (id, externalId, meta). */
  schemaId: string;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
  /** Canonical dotted path without URN, e.g. "name.familyName", "manager.value". */
  path: string;
}

const lower = (s: string) => s.toLowerCase();

function findIn(list: AttributeDefinition[] | undefined, name: string): AttributeDefinition | undefined {
  const wanted = lower(name);
  return list?.find((a) => lower(a.name) === wanted);
}

/** Paths resolved per resource type: a body's keys are a handful of names, resolved on every write. */
const RESOLVED: Record<ResourceTypeName, Map<string, Readonly<ResolvedAttribute> | undefined>> = {
  User: new Map(),
  Group: new Map(),
};
/** Bounds the memo against clients that send ever new keys (each unknown key is one entry). */
const MAX_RESOLVED = 4096;

/**
 * Resolves "userName", "name.givenName", "emails.value", "meta.lastModified",
 * "urn:...:core:2.0:User:name.familyName" or "urn:...:enterprise:2.0:User:manager.value",
 * case-insensitively. Returns undefined for an unknown attribute. Remembered (frozen: shared).
 */
export function resolveAttributePath(
  resourceType: ResourceTypeName,
  rawPath: string,
): Readonly<ResolvedAttribute> | undefined {
  const memo = RESOLVED[resourceType];
  const known = memo.get(rawPath);
  if (known !== undefined || memo.has(rawPath)) return known;
  const resolved = resolveNow(resourceType, rawPath);
  if (memo.size >= MAX_RESOLVED) memo.clear();
  memo.set(rawPath, resolved && Object.freeze(resolved));
  return resolved;
}

function resolveNow(resourceType: ResourceTypeName, rawPath: string): ResolvedAttribute | undefined {
  const schemas = RESOURCE_SCHEMAS[resourceType];
  const all = [schemas.core, ...schemas.extensions];
  let schemaId: string | undefined;
  let rest = rawPath;
  for (const schema of all) {
    const prefix = `${lower(schema.id)}:`;
    if (lower(rawPath).startsWith(prefix)) {
      schemaId = schema.id;
      rest = rawPath.slice(prefix.length);
      break;
    }
  }
  const [first, second, ...more] = rest.split('.');
  if (!first || more.length > 0) return undefined;

  let attribute: AttributeDefinition | undefined;
  if (schemaId === undefined) {
    attribute = findIn(COMMON_ATTRIBUTES, first);
    if (attribute) schemaId = '';
    else {
      // Unprefixed names resolve in the core schema first, then extensions.
      for (const schema of all) {
        attribute = findIn(schema.attributes, first);
        if (attribute) {
          schemaId = schema.id;
          break;
        }
      }
    }
  } else {
    attribute = findIn(all.find((s) => s.id === schemaId)?.attributes, first);
  }
  if (!attribute || schemaId === undefined) return undefined;
  if (second === undefined) return { schemaId, attribute, path: attribute.name };
  const subAttribute = findIn(attribute.subAttributes, second);
  if (!subAttribute) return undefined;
  return { schemaId, attribute, subAttribute, path: `${attribute.name}.${subAttribute.name}` };
}
