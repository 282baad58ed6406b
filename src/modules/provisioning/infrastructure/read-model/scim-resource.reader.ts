import { Injectable } from '@nestjs/common';
import type { Statement } from 'better-sqlite3';
import { ReadSnapshot } from '../../../../platform/read-model/read-snapshot';
import { FilterNode } from '../../domain/filter/filter.ast';
import { ResourceTypeName } from '../../domain/schema/scim-schema.types';
import {
  GROUPED,
  ListSqlTexts,
  drivingTermSql,
  raw,
  sql,
  translateFilter,
  translateSort,
} from './scim-query';
import { PreparedStatements } from '../../../../platform/read-model/prepared-statements';

export interface StoredResource {
  json: string;
  version: number;
}

export interface ListedResource extends StoredResource {
  id: string;
  /** 1 when the resource is a member of a group (see groupsOfMember), else 0. */
  grouped: number;
}

export interface MemberRow {
  id: string;
  type: 'User' | 'Group';
  /** The member's displayName; null when it has none. */
  display: string | null;
}

export interface ResourceQuery {
  filter?: FilterNode;
  sortBy?: string;
  sortOrder?: string;
  /** 1-based. */
  startIndex: number;
  count: number;
}

/** Reads SCIM documents of one subscription from the read model; filters run as indexed SQL. */
@Injectable()
export class ScimResourceReader {
  private prepared: PreparedStatements | undefined;
  private readonly listTexts = new ListSqlTexts();

  constructor(private readonly snapshot: ReadSnapshot) {}

  get(subscription: string, resourceType: ResourceTypeName, id: string): StoredResource | undefined {
    return this.statement(
      'SELECT json, version FROM scim_resource WHERE sub = ? AND rtype = ? AND id = ?',
    ).get(subscription, resourceType, id) as StoredResource | undefined;
  }

  /** get(), and whether the resource is in a group: one statement where GET used two. */
  getForRead(
    subscription: string,
    resourceType: ResourceTypeName,
    id: string,
  ): (StoredResource & { grouped: number }) | undefined {
    return this.statement(
      `SELECT r.json, r.version, ${GROUPED} FROM scim_resource r WHERE r.sub = ? AND r.rtype = ? AND r.id = ?`,
    ).get(subscription, resourceType, id) as (StoredResource & { grouped: number }) | undefined;
  }

  /** One page of a group's members, after `afterId` (keyset paging: no statement stays open between pages). */
  membersPage(subscription: string, groupId: string, afterId: string, limit: number): MemberRow[] {
    return this.statement(
      `SELECT m.member_id AS id, m.member_type AS type, json_extract(r.json, '$.displayName') AS display
       FROM scim_group_member m
       LEFT JOIN scim_resource r ON r.sub = m.sub AND r.rtype = m.member_type AND r.id = m.member_id
       WHERE m.sub = ? AND m.group_id = ? AND m.member_id > ? ORDER BY m.member_id LIMIT ?`,
    ).all(subscription, groupId, afterId, limit) as MemberRow[];
  }

  /** A user or group of the subscription as a possible member; undefined when there is none. */
  memberRow(subscription: string, id: string): MemberRow | undefined {
    return this.statement(
      `SELECT id, rtype AS type, json_extract(json, '$.displayName') AS display FROM scim_resource
       WHERE sub = ? AND rtype IN ('User', 'Group') AND id = ?`,
    ).get(subscription, id) as MemberRow | undefined;
  }

  /** A user's displayName, for references to it (manager.displayName). */
  displayNameOf(subscription: string, userId: string): string | undefined {
    const row = this.statement(
      `SELECT json_extract(json, '$.displayName') AS display FROM scim_resource WHERE sub = ? AND rtype = 'User' AND id = ?`,
    ).get(subscription, userId) as { display: string | null } | undefined;
    return row?.display ?? undefined;
  }

  /**
   * The groups a resource belongs to: directly, and through nested groups (indirect). Asked only
   * for a resource read with `grouped` = 1 (getForRead, list): most users are in no group.
   */
  groupsOfMember(subscription: string, memberId: string): { id: string; display: string; direct: boolean }[] {
    return this.statement(
      `WITH RECURSIVE up(gid, depth) AS (
         SELECT group_id, 0 FROM scim_group_member WHERE sub = @sub AND member_id = @member
         UNION SELECT m.group_id, up.depth + 1 FROM up CROSS JOIN scim_group_member m ON m.member_id = up.gid
         WHERE m.sub = @sub AND up.depth < 32
       )
       SELECT up.gid AS id, MIN(up.depth) = 0 AS direct, json_extract(r.json, '$.displayName') AS display
       FROM up CROSS JOIN scim_resource r ON r.sub = @sub AND r.rtype = 'Group' AND r.id = up.gid
       GROUP BY up.gid ORDER BY display`,
    ).all({ sub: subscription, member: memberId }) as { id: string; display: string; direct: boolean }[];
  }

  list(
    subscription: string,
    resourceType: ResourceTypeName,
    query: ResourceQuery,
  ): { total: number; resources: ListedResource[] } {
    const driving = query.filter ? drivingTermSql(query.filter, resourceType, raw('dr')) : undefined;
    const where =
      query.filter && !driving
        ? translateFilter(query.filter, resourceType, sql`${subscription}`)
        : undefined;
    const order = query.sortBy ? translateSort(query.sortBy, query.sortOrder, resourceType) : undefined;
    const offset = query.startIndex - 1;
    const texts = this.listTexts.get({
      driving: driving !== undefined,
      term: (driving ?? where)?.sql ?? '',
      order: order?.sql,
      limit: Math.trunc(query.count),
      offset: offset > 0,
    });
    const params = driving
      ? [subscription, resourceType, ...driving.params, subscription, resourceType]
      : [subscription, resourceType, ...(where?.params ?? [])];
    const count = () => (this.statement(texts.count).get(...params) as { n: number }).n;
    if (query.count <= 0) return { total: count(), resources: [] };
    const pageParams = [...params, ...(order?.params ?? []), ...(offset > 0 ? [offset] : [])];
    const resources = this.statement(texts.page).all(...pageParams) as ListedResource[];
    // A page that is not full ends the results: its last row gives the total without a COUNT.
    const ended = resources.length < query.count && (resources.length > 0 || query.startIndex === 1);
    return { total: ended ? query.startIndex - 1 + resources.length : count(), resources };
  }

  // Filters repeat (Entra sends the same shapes): prepared statements are kept by SQL text.
  private statement(sql: string): Statement {
    this.snapshot.enter();
    return (this.prepared ??= new PreparedStatements(this.snapshot.db)).get(sql);
  }
}
