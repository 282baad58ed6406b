import { JsonObject, JsonValue } from '../../../../../platform/event-store/event-store.port';
import { resolveScimAttribute } from '../../../domain/filter/schemas-attribute';
import { RESOURCE_SCHEMAS } from '../../../domain/schema/scim-schemas';
import { AttributeDefinition, ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { IndexValue, indexKey, indexPath } from './index-key';
import { isResourceColumnPath } from './resource-column.sql';

/** One row of scim_attr for a resource (scope and doc are the caller's). */
export interface IndexRow {
  path: string;
  elem: number;
  v: IndexValue;
}

/** An attribute or sub-attribute as the indexer needs it: its definition and its index path. */
interface Indexed {
  definition: AttributeDefinition;
  path: string;
  /** For a complex attribute: its sub-attributes by lower-case name. */
  subAttributes?: Map<string, Indexed>;
}

// Memberships live in scim_group_member (both directions), never in the resource's index rows.
const FROM_MEMBERSHIP_TABLE: Record<ResourceTypeName, string> = { User: 'groups', Group: 'members' };

// Runs on every write: keys are resolved once per spelling (bounded: keys come from stored JSON).
// By resource type, then key: no key string to build per attribute (a replay indexes millions).
const MAX_MEMO = 1000;
const memo: Record<ResourceTypeName, Map<string, Indexed | null>> = { User: new Map(), Group: new Map() };

/**
 * The index rows of a SCIM resource as returned by GET (id, externalId, meta, core attributes,
 * extensions under their URN key). Unknown keys, nulls and empty strings are skipped, and so are
 * schemas, meta.resourceType and meta.version: filters read them from scim_resource.
 */
export function indexRowsFor(resourceType: ResourceTypeName, resource: JsonObject): IndexRow[] {
  const rows: IndexRow[] = [];
  // for-in, not Object.keys: no array per object on a path that runs twice per PATCH on the read
  // model's writer (stored JSON inherits no enumerable keys).
  for (const key in resource) {
    const value = resource[key]!;
    const extension = key.startsWith('urn:') ? extensionId(resourceType, key) : undefined;
    if (extension === undefined) {
      addAttribute(rows, lookup(resourceType, key), value);
    } else if (isObject(value)) {
      for (const name in value) {
        addAttribute(rows, lookup(resourceType, `${extension}:${name}`), value[name]!);
      }
    }
  }
  return rows;
}

function addAttribute(rows: IndexRow[], indexed: Indexed | undefined, value: JsonValue): void {
  if (!indexed) return;
  const { definition, path, subAttributes } = indexed;
  const elements = definition.multiValued && Array.isArray(value) ? value : [value];
  for (let elem = 0; elem < elements.length; elem += 1) {
    const element = elements[elem]!;
    if (!subAttributes) {
      addValue(rows, path, elem, definition, element);
    } else if (isObject(element)) {
      for (const name in element) {
        const sub = subAttributes.get(name) ?? subAttributes.get(name.toLowerCase());
        if (sub) addValue(rows, sub.path, elem, sub.definition, element[name]!);
      }
    }
  }
}

function addValue(
  rows: IndexRow[],
  path: string,
  elem: number,
  definition: AttributeDefinition,
  value: JsonValue,
) {
  const v = indexKey(definition.type, definition.caseExact, value);
  if (v !== undefined) rows.push({ path, elem, v });
}

function lookup(resourceType: ResourceTypeName, key: string): Indexed | undefined {
  const known = memo[resourceType].get(key);
  if (known !== undefined) return known ?? undefined;
  const resolved = resolveScimAttribute(resourceType, key);
  const path = resolved && indexPath(resolved.attribute.name);
  const indexed =
    resolved &&
    path &&
    !resolved.subAttribute &&
    resolved.attribute.name !== FROM_MEMBERSHIP_TABLE[resourceType] &&
    !isResourceColumnPath(path)
      ? toIndexed(resolved.attribute, path)
      : undefined;
  if (memo[resourceType].size < MAX_MEMO) memo[resourceType].set(key, indexed ?? null);
  return indexed;
}

function toIndexed(definition: AttributeDefinition, path: string): Indexed {
  if (definition.type !== 'complex') return { definition, path };
  const subAttributes = new Map<string, Indexed>();
  for (const sub of definition.subAttributes ?? []) {
    const indexed = { definition: sub, path: `${path}.${indexPath(sub.name)}` };
    if (isResourceColumnPath(indexed.path)) continue;
    subAttributes.set(sub.name, indexed);
    subAttributes.set(sub.name.toLowerCase(), indexed);
  }
  return { definition, path, subAttributes };
}

function extensionId(resourceType: ResourceTypeName, key: string): string | undefined {
  const wanted = key.toLowerCase();
  return RESOURCE_SCHEMAS[resourceType].extensions.find((schema) => schema.id.toLowerCase() === wanted)?.id;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
