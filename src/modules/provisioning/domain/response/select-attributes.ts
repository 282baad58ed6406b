import { JsonObject, JsonValue } from '../../../../platform/event-store/event-store.port';
import { AttributeRef } from '../filter/filter.ast';
import { cloneJson } from '../patch/json';

// RFC 7643: "returned: always" — never removed by attributes/excludedAttributes.
const ALWAYS = new Set(['id', 'schemas']);

function keyOf(object: JsonObject, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower);
}

/** The object holding the attribute: the resource itself, or its schema extension object. */
function container(
  resource: JsonObject,
  ref: AttributeRef,
  create: boolean,
  target?: JsonObject,
): JsonObject | undefined {
  const isExtension =
    ref.schemaId !== '' &&
    resource[ref.schemaId] !== undefined &&
    keyOf(resource, ref.attribute) === undefined;
  if (!isExtension) return target ?? resource;
  const source = resource[ref.schemaId];
  if (!target) return source as JsonObject;
  if (create && target[ref.schemaId] === undefined) target[ref.schemaId] = {};
  return target[ref.schemaId] as JsonObject | undefined;
}

function copySub(value: JsonValue, sub: string, into: JsonValue | undefined): JsonValue | undefined {
  const pickOne = (element: JsonValue, existing: JsonValue | undefined): JsonValue | undefined => {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) return undefined;
    const key = keyOf(element, sub);
    if (key === undefined) return existing;
    const base = existing && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
    return { ...base, [key]: element[key] };
  };
  if (Array.isArray(value)) {
    const previous = Array.isArray(into) ? into : [];
    return value.map((element, i) => pickOne(element, previous[i]) ?? {});
  }
  return pickOne(value, into);
}

/**
 * RFC 7644 section 3.9: `attributes` keeps only the named ones (plus id and schemas);
 * `excludedAttributes` drops the named ones. A sub-attribute path selects within a complex value.
 */
export function selectAttributes(
  resource: JsonObject,
  attributes: AttributeRef[] | undefined,
  excluded: AttributeRef[] | undefined,
): JsonObject {
  if (attributes && attributes.length > 0) {
    const out: JsonObject = {};
    for (const key of Object.keys(resource)) if (ALWAYS.has(key)) out[key] = resource[key];
    for (const ref of attributes) {
      const from = container(resource, ref, false);
      const key = from ? keyOf(from, ref.attribute) : undefined;
      if (!from || key === undefined) continue;
      const to = container(resource, ref, true, out);
      if (!to) continue;
      to[key] = ref.subAttribute ? (copySub(from[key], ref.subAttribute, to[key]) ?? to[key]) : from[key];
      if (to[key] === undefined) delete to[key];
    }
    return declareCarriedSchemas(out);
  }
  if (excluded && excluded.length > 0) {
    const out = cloneJson(resource);
    for (const ref of excluded) {
      if (ALWAYS.has(ref.attribute) && ref.schemaId === '') continue;
      const holder = container(out, ref, false);
      const key = holder ? keyOf(holder, ref.attribute) : undefined;
      if (!holder || key === undefined) continue;
      if (!ref.subAttribute) delete holder[key];
      else {
        const value = holder[key];
        const elements = Array.isArray(value) ? value : [value];
        for (const element of elements)
          if (element && typeof element === 'object' && !Array.isArray(element)) {
            const sub = keyOf(element, ref.subAttribute);
            if (sub !== undefined) delete element[sub];
          }
      }
    }
    return declareCarriedSchemas(out);
  }
  return resource;
}

/**
 * RFC 7643 3: `schemas` names the schemas the answer carries. The core schema (first) stays; an
 * extension stays only if some of its attributes are left (an emptied extension object goes).
 */
function declareCarriedSchemas(out: JsonObject): JsonObject {
  const schemas = out.schemas;
  if (!Array.isArray(schemas)) return out;
  const carried = (urn: JsonValue) => {
    if (typeof urn !== 'string') return false;
    const extension = out[urn];
    if (
      extension &&
      typeof extension === 'object' &&
      !Array.isArray(extension) &&
      Object.keys(extension).length === 0
    )
      delete out[urn];
    return out[urn] !== undefined;
  };
  out.schemas = schemas.filter((urn, i) => i === 0 || carried(urn));
  return out;
}

/**
 * One element of a multi-valued attribute as `selectAttributes` would leave it inside the whole
 * resource: for a list answered element by element (a big group's members) instead of held whole.
 */
export function selectElementAttributes(
  attribute: string,
  element: JsonObject,
  attributes: AttributeRef[] | undefined,
  excluded: AttributeRef[] | undefined,
): JsonObject {
  const selected = selectAttributes({ [attribute]: [element] }, attributes, excluded)[attribute];
  return Array.isArray(selected) ? (selected[0] as JsonObject) : element;
}
