import { RESOURCE_SCHEMAS } from '../schema/scim-schemas';
import { ResourceTypeName } from '../schema/scim-schema.types';
import { AttributeRef } from './filter.ast';
import {
  defaultValueAttribute,
  isComplexWithoutSubAttribute,
  filterableAttribute,
  resolveFilterAttribute,
} from './filter-attribute';
import { FilterError } from './filter.error';

export type SortOrder = 'ascending' | 'descending';

/**
 * The `attributes` / `excludedAttributes` parameter: comma-separated attribute paths
 * (`userName,name.familyName,urn:...:enterprise:2.0:User:department`), each resolved against the
 * schema; an extension's URN alone names the whole extension object. Blanks around names and
 * empty items are ignored.
 */
export function parseAttributeList(text: string, resourceType: ResourceTypeName): AttributeRef[] {
  const refs: AttributeRef[] = [];
  let offset = 0;
  for (const item of text.split(',')) {
    const name = item.trim();
    if (name)
      refs.push(
        extensionRef(resourceType, name) ??
          resolveFilterAttribute(resourceType, name, offset + item.indexOf(name)),
      );
    offset += item.length + 1;
  }
  return refs;
}

/** The extension object (a complex attribute keyed by its schema URN in the resource). */
function extensionRef(resourceType: ResourceTypeName, name: string): AttributeRef | undefined {
  const wanted = name.toLowerCase();
  const schema = RESOURCE_SCHEMAS[resourceType].extensions.find((s) => s.id.toLowerCase() === wanted);
  if (!schema) return undefined;
  return {
    schemaId: schema.id,
    attribute: schema.id,
    path: schema.id,
    type: 'complex',
    caseExact: false,
    multiValued: false,
  };
}

/** `sortBy`: one attribute path; a complex attribute sorts by its "value" sub-attribute. */
export function parseSortBy(text: string, resourceType: ResourceTypeName): AttributeRef {
  const name = text.trim();
  const ref = filterableAttribute(resolveFilterAttribute(resourceType, name, text.indexOf(name)));
  if (!isComplexWithoutSubAttribute(ref)) return ref;
  const value = defaultValueAttribute(resourceType, ref);
  if (!value)
    throw new FilterError(`Cannot sort by complex attribute "${ref.path}": name one of its sub-attributes`);
  return value;
}

/** `sortOrder`: "ascending" (the default) or "descending", any case. */
export function parseSortOrder(text: string | undefined): SortOrder {
  const order = (text ?? '').trim().toLowerCase();
  if (order === '' || order === 'ascending') return 'ascending';
  if (order === 'descending') return 'descending';
  throw new FilterError(`sortOrder must be "ascending" or "descending", not "${text}"`);
}
