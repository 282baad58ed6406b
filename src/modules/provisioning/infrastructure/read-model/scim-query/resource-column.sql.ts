import { AttributeRef } from '../../../domain/filter/filter.ast';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { ValueTest } from './filter-condition';
import { indexPath } from './index-key';
import { SqlFragment, literal, raw, sql } from './sql-fragment';
import { valueTestSql } from './value-test.sql';

/**
 * Attributes that have no rows in scim_attr (indexRowsFor skips them) because scim_resource
 * holds them already: meta.resourceType is the row's type, meta.version its version column and
 * schemas a list in its document. They are written by every resource write and every rebuild
 * but rarely filtered on, so a term on them is a check per resource (no index) instead.
 */
const FROM_RESOURCE_ROW = new Set(['schemas', 'meta.resourcetype', 'meta.version']);

/** Whether scim_attr leaves out this index path (see FROM_RESOURCE_ROW). */
export function isResourceColumnPath(path: string): boolean {
  return FROM_RESOURCE_ROW.has(path);
}

export function isResourceColumnAttribute(attribute: AttributeRef): boolean {
  return attribute.schemaId === '' && FROM_RESOURCE_ROW.has(indexPath(attribute.path));
}

/** The test of the resource row `d` (scim_resource) against a term on such an attribute. */
export function resourceColumnTestSql(
  d: SqlFragment,
  resourceType: ResourceTypeName,
  attribute: AttributeRef,
  test: ValueTest,
): SqlFragment {
  const path = indexPath(attribute.path);
  if (path === 'schemas') {
    // caseExact=false: the key is lower-cased (the URIs are ASCII, so lower() is toLowerCase()).
    const j = raw(`${d.sql}_schemas`);
    const key = sql`lower(${j}.value)`;
    const valueTest = valueTestSql(key, attribute, test) ?? sql`${key} <> ''`;
    return sql`EXISTS (SELECT 1 FROM json_each(${d}.json, '$.schemas') AS ${j} WHERE ${valueTest})`;
  }
  // Both are caseExact and never empty: a present value, compared as stored in the document.
  const value = path === 'meta.resourcetype' ? literal(resourceType) : sql`('W/"' || ${d}.version || '"')`;
  return valueTestSql(value, attribute, test) ?? raw('1');
}

/** The sort key of such an attribute for the resource row `r` (the first value for schemas). */
export function resourceColumnSortKeySql(
  r: SqlFragment,
  resourceType: ResourceTypeName,
  attribute: AttributeRef,
): SqlFragment {
  const path = indexPath(attribute.path);
  if (path === 'schemas')
    return sql`(SELECT lower(j.value) FROM json_each(${r}.json, '$.schemas') AS j ORDER BY j.key LIMIT 1)`;
  return path === 'meta.resourcetype' ? literal(resourceType) : sql`('W/"' || ${r}.version || '"')`;
}
