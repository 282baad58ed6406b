import { FilterError } from '../../../domain/filter/filter.error';
import { Condition } from './filter-condition';
import { SqlAliases } from './sql-alias';
import { SqlFragment, joinBalanced, raw, sql } from './sql-fragment';
import { valueTestSql } from './value-test.sql';

/** Sub-attribute (lower case) -> the column expression holding its value in a membership row. */
export type MembershipColumns = Partial<Record<string, SqlFragment>>;

/**
 * The condition on one membership row (one element of members / groups): every term is on the
 * same row, so `and` / `or` / `not` are plain SQL over its columns.
 */
export function membershipRowTest(condition: Condition, columns: MembershipColumns): SqlFragment {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return joinBalanced(
        condition.operands.map((operand) => membershipRowTest(operand, columns)),
        condition.kind === 'and' ? 'AND' : 'OR',
      );
    case 'not':
      return sql`NOT (${membershipRowTest(condition.operand, columns)})`;
    case 'element':
      return membershipRowTest(condition.condition, columns);
    case 'match': {
      const { attribute, test } = condition;
      // `members pr`: the row itself is the value.
      if (attribute.subAttribute === undefined) return raw('1');
      const column = columns[attribute.subAttribute.toLowerCase()];
      if (!column) {
        throw new FilterError(
          `Filtering on "${attribute.path}" is not supported: filter on ${attribute.attribute}.value`,
        );
      }
      const valueTest = valueTestSql(column, attribute, test);
      // Two-valued: a missing value fails the test instead of making a NOT around it unknown.
      const present = sql`${column} IS NOT NULL AND ${column} <> ''`;
      return valueTest ? sql`(${present} AND ${valueTest})` : sql`(${present})`;
    }
  }
}

/** Whether the condition reads the sub-attribute (lower case), e.g. "display" needs a join. */
export function readsSubAttribute(condition: Condition, name: string): boolean {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.operands.some((operand) => readsSubAttribute(operand, name));
    case 'not':
      return readsSubAttribute(condition.operand, name);
    case 'element':
      return readsSubAttribute(condition.condition, name);
    case 'match':
      return condition.attribute.subAttribute?.toLowerCase() === name;
  }
}

/** The top-level terms of an `and` (of an element's condition), or the condition itself. */
export function conjunctsOf(condition: Condition): Condition[] {
  if (condition.kind === 'element') return conjunctsOf(condition.condition);
  return condition.kind === 'and' ? condition.operands : [condition];
}

/**
 * LEFT JOINs that give `${d}.v`, the displayName index key of the resource (rtype, id) of
 * subscription `sub` (NULL when it has none): scim_attr names resources by doc, found through
 * scim_resource's unique key.
 */
export function displayNameJoin(
  d: SqlFragment,
  resource: { sub: SqlFragment; rtype: SqlFragment; id: SqlFragment },
  aliases: SqlAliases,
): SqlFragment {
  const k = aliases.next('k');
  return sql` LEFT JOIN scim_resource ${k} ON ${k}.sub = ${resource.sub} AND ${k}.rtype = ${resource.rtype} AND ${k}.id = ${resource.id} LEFT JOIN scim_attr ${d} ON ${d}.doc = ${k}.doc AND ${d}.path = 'displayname' AND ${d}.elem = 0`;
}
