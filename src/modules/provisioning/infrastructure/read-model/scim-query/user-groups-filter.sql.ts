import { MAX_NESTED_GROUPS } from '../../../../identity/contracts/group-nesting';
import { Condition } from './filter-condition';
import {
  MembershipColumns,
  conjunctsOf,
  displayNameJoin,
  membershipRowTest,
  readsSubAttribute,
} from './membership-row-test.sql';
import { SqlAliases } from './sql-alias';
import { SqlFragment, joinBalanced, raw, sql } from './sql-fragment';

// Levels walked from a membership: as many as Identity lets groups nest (it refuses cycles too,
// so this is a guard, not a cut).
const MAX_NESTING = MAX_NESTED_GROUPS - 1;

/**
 * User `groups`, as GET returns it: the groups a user belongs to directly or through nested
 * groups, `type` "direct" when one membership path is direct. Walked with recursive CTEs over
 * scim_group_member; CROSS JOIN keeps the walk driving the look-ups (one probe per step).
 */
function groupRows(c: SqlFragment, condition: Condition, aliases: SqlAliases, sub: SqlFragment) {
  const d = aliases.next('d');
  const columns: MembershipColumns = {
    value: sql`${c}.gid`,
    type: sql`CASE WHEN ${c}.direct THEN 'direct' ELSE 'indirect' END`,
    display: sql`${d}.v`,
  };
  const join = readsSubAttribute(condition, 'display')
    ? displayNameJoin(d, { sub, rtype: raw("'Group'"), id: sql`${c}.gid` }, aliases)
    : raw('');
  return { join, test: membershipRowTest(condition, columns) };
}

/** `SELECT ... AS doc` of the users with a group satisfying the condition: walks down from the groups. */
export function usersInGroupSql(condition: Condition, aliases: SqlAliases, sub: SqlFragment): SqlFragment {
  const m = aliases.next('m');
  const w = aliases.next('w');
  const c = aliases.next('c');
  const down = aliases.next('down');
  const u = aliases.next('k');
  const { join, test } = groupRows(c, condition, aliases, sub);
  const seed = seedOf(condition, m, aliases);
  // The walk also reaches nested groups: only users have a row of that type.
  const user = sql` CROSS JOIN scim_resource ${u} ON ${u}.sub = ${sub} AND ${u}.rtype = 'User' AND ${u}.id = ${c}.member`;
  return sql`SELECT ${u}.doc AS doc FROM (WITH RECURSIVE ${down}(gid, member, depth) AS (SELECT ${m}.group_id, ${m}.member_id, 0 FROM ${seed.table} WHERE ${m}.sub = ${sub} AND ${seed.test} UNION SELECT ${down}.gid, ${w}.member_id, ${down}.depth + 1 FROM ${down} CROSS JOIN scim_group_member ${w} WHERE ${w}.sub = ${sub} AND ${w}.group_id = ${down}.member AND ${down}.depth < ${raw(String(MAX_NESTING))}) SELECT gid, member, min(depth) = 0 AS direct FROM ${down} GROUP BY gid, member) AS ${c}${join}${user} WHERE ${test}`;
}

/** Whether the user whose id is `id` has a group satisfying the condition: walks up from the user. */
export function userInGroupSql(
  condition: Condition,
  id: SqlFragment,
  aliases: SqlAliases,
  sub: SqlFragment,
): SqlFragment {
  const m = aliases.next('m');
  const w = aliases.next('w');
  const c = aliases.next('c');
  const up = aliases.next('up');
  const { join, test } = groupRows(c, condition, aliases, sub);
  return sql`EXISTS (WITH RECURSIVE ${up}(gid, depth) AS (SELECT ${m}.group_id, 0 FROM scim_group_member ${m} WHERE ${m}.sub = ${sub} AND ${m}.member_id = ${id} UNION SELECT ${w}.group_id, ${up}.depth + 1 FROM ${up} CROSS JOIN scim_group_member ${w} WHERE ${w}.sub = ${sub} AND ${w}.member_id = ${up}.gid AND ${up}.depth < ${raw(String(MAX_NESTING))}) SELECT 1 FROM (SELECT gid, min(depth) = 0 AS direct FROM ${up} GROUP BY gid) AS ${c}${join} WHERE ${test})`;
}

/**
 * The walk starts from the memberships of the groups that can match: the terms on the group
 * alone (value, display) narrow them, so `groups.value eq "g"` walks down from g only.
 */
function seedOf(condition: Condition, m: SqlFragment, aliases: SqlAliases) {
  const onGroupOnly = conjunctsOf(condition).filter((term) => !readsSubAttribute(term, 'type'));
  const d = aliases.next('d');
  const columns: MembershipColumns = { value: sql`${m}.group_id`, display: sql`${d}.v` };
  const group = { sub: sql`${m}.sub`, rtype: raw("'Group'"), id: sql`${m}.group_id` };
  const table = onGroupOnly.some((term) => readsSubAttribute(term, 'display'))
    ? sql`scim_group_member ${m}${displayNameJoin(d, group, aliases)}`
    : sql`scim_group_member ${m}`;
  const test = joinBalanced(
    onGroupOnly.map((term) => membershipRowTest(term, columns)),
    'AND',
  );
  return { table, test };
}
