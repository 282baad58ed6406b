import { Condition } from './filter-condition';
import {
  MembershipColumns,
  displayNameJoin,
  membershipRowTest,
  readsSubAttribute,
} from './membership-row-test.sql';
import { SqlAliases } from './sql-alias';
import { SqlFragment, sql } from './sql-fragment';

/**
 * Group `members`: the group's direct membership rows in scim_group_member, `display` being the
 * member's displayName from the index.
 */
function memberRows(condition: Condition, aliases: SqlAliases) {
  const m = aliases.next('m');
  const d = aliases.next('d');
  const columns: MembershipColumns = {
    value: sql`${m}.member_id`,
    type: sql`lower(${m}.member_type)`,
    display: sql`${d}.v`,
  };
  const member = { sub: sql`${m}.sub`, rtype: sql`${m}.member_type`, id: sql`${m}.member_id` };
  const table = readsSubAttribute(condition, 'display')
    ? sql`scim_group_member ${m}${displayNameJoin(d, member, aliases)}`
    : sql`scim_group_member ${m}`;
  return { m, table, test: membershipRowTest(condition, columns) };
}

/** `SELECT ... AS doc` of the groups with a member satisfying the condition. */
export function groupsWithMemberSql(
  condition: Condition,
  aliases: SqlAliases,
  sub: SqlFragment,
): SqlFragment {
  const { m, table, test } = memberRows(condition, aliases);
  const g = aliases.next('k');
  return sql`SELECT ${g}.doc AS doc FROM ${table} CROSS JOIN scim_resource ${g} ON ${g}.sub = ${m}.sub AND ${g}.rtype = 'Group' AND ${g}.id = ${m}.group_id WHERE ${m}.sub = ${sub} AND ${test}`;
}

/** Whether the group whose id is `id` has a member satisfying the condition. */
export function groupHasMemberSql(
  condition: Condition,
  id: SqlFragment,
  aliases: SqlAliases,
  sub: SqlFragment,
): SqlFragment {
  const { m, table, test } = memberRows(condition, aliases);
  return sql`EXISTS (SELECT 1 FROM ${table} WHERE ${m}.sub = ${sub} AND ${m}.group_id = ${id} AND ${test})`;
}
