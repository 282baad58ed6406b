import { parseSortBy, parseSortOrder } from '../../../domain/filter/attribute-list.parser';
import { FilterError } from '../../../domain/filter/filter.error';
import { resolveAttributePath } from '../../../domain/schema/attribute-path';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { indexPath } from './index-key';
import { isMembershipAttribute } from './membership-filter.sql';
import { isResourceColumnAttribute, resourceColumnSortKeySql } from './resource-column.sql';
import { SqlFragment, literal, raw, sql } from './sql-fragment';

/**
 * The ORDER BY list (without the keywords) for `sortBy` / `sortOrder` (RFC 7644 3.4.2.3), over
 * `scim_resource r`: the attribute's index key (so caseExact=false sorts case-insensitively),
 * resources without a value "ordered last if ascending and first if descending" (RFC 7644
 * 3.4.2.3), then r.doc (the default order of lists) so that pages are stable.
 * A multi-valued attribute sorts by its primary element's value, else its first element's.
 * Throws FilterError for an unknown attribute, a bad sortOrder, or members/groups.
 */
export function translateSort(
  sortBy: string,
  sortOrder: string | undefined,
  resourceType: ResourceTypeName,
): SqlFragment {
  const attribute = parseSortBy(sortBy, resourceType);
  if (isMembershipAttribute(resourceType, attribute)) {
    throw new FilterError(`Cannot sort by "${attribute.path}"`);
  }
  const direction = raw(parseSortOrder(sortOrder) === 'descending' ? 'DESC NULLS FIRST' : 'ASC NULLS LAST');
  if (isResourceColumnAttribute(attribute)) {
    return sql`${resourceColumnSortKeySql(raw('r'), resourceType, attribute)} ${direction}, r.doc ASC`;
  }
  const path = literal(indexPath(attribute.path));
  const value = sql`SELECT s.v FROM scim_attr s WHERE s.doc = r.doc AND s.path = ${path}`;
  const key = attribute.multiValued
    ? sql`(${value}${elementOrder(resourceType, attribute.schemaId, attribute.attribute)} LIMIT 1)`
    : sql`(${value} AND s.elem = 0)`;
  return sql`${key} ${direction}, r.doc ASC`;
}

/** Primary element first (v = 1; no primary row sorts after), then document order. */
function elementOrder(resourceType: ResourceTypeName, schemaId: string, attribute: string): SqlFragment {
  const prefix = schemaId ? `${schemaId}:` : '';
  const primary = resolveAttributePath(resourceType, `${prefix}${attribute}.primary`);
  if (!primary) return raw(' ORDER BY s.elem');
  return sql` ORDER BY (SELECT p.v FROM scim_attr p WHERE p.doc = s.doc AND p.path = ${literal(indexPath(primary.path))} AND p.elem = s.elem) DESC, s.elem`;
}
