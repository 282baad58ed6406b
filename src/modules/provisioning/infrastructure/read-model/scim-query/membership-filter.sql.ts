import { AttributeRef } from '../../../domain/filter/filter.ast';
import { ResourceTypeName } from '../../../domain/schema/scim-schema.types';
import { Condition } from './filter-condition';
import { groupHasMemberSql, groupsWithMemberSql } from './group-members-filter.sql';
import { SqlAliases } from './sql-alias';
import { SqlFragment } from './sql-fragment';
import { userInGroupSql, usersInGroupSql } from './user-groups-filter.sql';

/**
 * Group `members` and User `groups` are not in scim_attr: they are rows of
 * scim_group_member(sub, group_id, member_id, member_type), one row per direct membership.
 * Look-ups by group use its primary key (sub, group_id, member_id), by member an index
 * (sub, member_id) that carries group_id (WITHOUT ROWID table, or an explicit third column).
 * Memberships name resources by id: the sets they give are turned into docs through
 * scim_resource's unique key, so they mix with scim_attr's sets.
 */
const MEMBERSHIP_ATTRIBUTE: Record<ResourceTypeName, string> = { Group: 'members', User: 'groups' };

export function isMembershipAttribute(resourceType: ResourceTypeName, attribute: AttributeRef): boolean {
  return attribute.attribute === MEMBERSHIP_ATTRIBUTE[resourceType];
}

/** `SELECT ... AS doc` of the resources with a membership element satisfying the condition. */
export function membershipDocsSql(
  resourceType: ResourceTypeName,
  condition: Condition,
  aliases: SqlAliases,
  sub: SqlFragment,
): SqlFragment {
  return resourceType === 'Group'
    ? groupsWithMemberSql(condition, aliases, sub)
    : usersInGroupSql(condition, aliases, sub);
}

/** Whether the resource whose id is `id` has a membership element satisfying the condition. */
export function membershipExistsSql(
  resourceType: ResourceTypeName,
  condition: Condition,
  id: SqlFragment,
  aliases: SqlAliases,
  sub: SqlFragment,
): SqlFragment {
  return resourceType === 'Group'
    ? groupHasMemberSql(condition, id, aliases, sub)
    : userInGroupSql(condition, id, aliases, sub);
}
