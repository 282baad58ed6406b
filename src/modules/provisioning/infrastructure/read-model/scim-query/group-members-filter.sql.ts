import { Condition } from './filter-condition';
import { MembershipColumns, membershipRowTest, readsSubAttribute } from './membership-row-test.sql';
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
  const table = readsSubAttribute(condition, 'display')
    ? sql`scim_group_member ${m} LEFT JOIN scim_attr ${d} ON ${d}.sub = ${m}.sub AND ${d}.rtype IN ('User', 'Group') AND ${d}.rid = ${m}.member_id AND ${d}.path = 'displayname' AND ${d}.elem = 0`
    : sql`scim_group_member ${m}`;
  return { m, table, test: membershipRowTest(condition, columns) };
}

/** `SELECT group_id AS rid` of the groups with a member satisfying the condition. */
export function groupsWithMemberSql(condition: Condition, aliases: SqlAliases): SqlFragment {
  const { m, table, test } = memberRows(condition, aliases);
  return sql`SELECT ${m}.group_id AS rid FROM ${table} WHERE ${m}.sub = r.sub AND ${test}`;
}

/** Whether the group `rid` has a member satisfying the condition. */
export function groupHasMemberSql(condition: Condition, rid: SqlFragment, aliases: SqlAliases): SqlFragment {
  const { m, table, test } = memberRows(condition, aliases);
  return sql`EXISTS (SELECT 1 FROM ${table} WHERE ${m}.sub = r.sub AND ${m}.group_id = ${rid} AND ${test})`;
}
