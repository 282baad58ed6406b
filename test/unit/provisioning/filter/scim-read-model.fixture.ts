import Database from 'better-sqlite3';
import { parseFilter } from '../../../../src/modules/provisioning/domain/filter';
import { ResourceTypeName } from '../../../../src/modules/provisioning/domain/schema/scim-schema.types';
import {
  claimScope,
  indexRowsFor,
  raw,
  replaceIndexRows,
  translateFilter,
  translateSort,
} from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';
import { createScimResourceTables } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-resource.tables';
import { JsonObject } from '../../../../src/platform/event-store/event-store.port';

/** The read model's tables, as the projections create them: resources, memberships, the index. */
export function createReadModel(): Database.Database {
  const db = new Database(':memory:');
  createScimResourceTables(db);
  return db;
}

export function putResource(
  db: Database.Database,
  sub: string,
  resourceType: ResourceTypeName,
  resource: JsonObject,
) {
  const id = String(resource['id']);
  // The projections store the revision that meta.version shows (W/"<revision>").
  const meta = resource['meta'] as { version?: string } | undefined;
  const version = Number(/^W\/"(\d+)"$/.exec(meta?.version ?? '')?.[1] ?? 0);
  // Docs in the order resources are first put (the projections: their creation's log position).
  const doc = db
    .prepare<[string, string, string, string, number], number>(
      `INSERT INTO scim_resource (doc, sub, rtype, id, json, version)
       VALUES ((SELECT coalesce(max(doc), 0) + 1 FROM scim_resource), ?, ?, ?, ?, ?)
       ON CONFLICT (sub, rtype, id) DO UPDATE SET json = excluded.json, version = excluded.version
       RETURNING doc`,
    )
    .pluck()
    .get(sub, resourceType, id, JSON.stringify(resource), version)!;
  const scope = claimScope(db, sub, resourceType, doc);
  replaceIndexRows(db, { scope, doc }, indexRowsFor(resourceType, resource));
}

export function addMember(
  db: Database.Database,
  sub: string,
  groupId: string,
  memberId: string,
  type = 'User',
) {
  db.prepare('INSERT INTO scim_group_member (sub, group_id, member_id, member_type) VALUES (?, ?, ?, ?)').run(
    sub,
    groupId,
    memberId,
    type,
  );
}

/** The query the read model runs, exactly as agreed. */
export function listSql(
  filter: string,
  resourceType: ResourceTypeName,
  sort?: { by: string; order?: string },
) {
  // The outer row's subscription: the same answers as the reader's bound value (filter-plans.spec.ts
  // checks the reader's plans).
  const where = translateFilter(parseFilter(filter, resourceType), resourceType, raw('r.sub'));
  const order = sort ? translateSort(sort.by, sort.order, resourceType) : { sql: 'r.doc', params: [] };
  return {
    sql: `SELECT r.id FROM scim_resource r WHERE r.sub = ? AND r.rtype = ? AND (${where.sql}) ORDER BY ${order.sql} LIMIT ? OFFSET ?`,
    params: (sub: string) => [sub, resourceType, ...where.params, ...order.params, 1000, 0],
  };
}

/** The ids of the resources matching the filter, as a sorted set. */
export function idsMatching(
  db: Database.Database,
  sub: string,
  resourceType: ResourceTypeName,
  filter: string,
) {
  const query = listSql(filter, resourceType);
  const rows = db.prepare<unknown[], { id: string }>(query.sql).all(...query.params(sub));
  return rows.map((row) => row.id).sort();
}

/** The ids of the resources matching the filter, in the order of the general translation's list. */
export function idsInListOrder(
  db: Database.Database,
  sub: string,
  resourceType: ResourceTypeName,
  filter: string,
) {
  const query = listSql(filter, resourceType);
  return db
    .prepare<unknown[], { id: string }>(query.sql)
    .all(...query.params(sub))
    .map((row) => row.id);
}
