import Database from 'better-sqlite3';
import { parseFilter } from '../../../../src/modules/provisioning/domain/filter';
import { ResourceTypeName } from '../../../../src/modules/provisioning/domain/schema/scim-schema.types';
import {
  createScimIndexSchema,
  indexRowsFor,
  replaceIndexRows,
  translateFilter,
  translateSort,
} from '../../../../src/modules/provisioning/infrastructure/read-model/scim-query';
import { JsonObject } from '../../../../src/platform/event-store/event-store.port';

/** The read model as the other engineers build it: resources, memberships, and our index. */
export function createReadModel(): Database.Database {
  const db = new Database(':memory:');
  // As scim-resource.tables.ts creates them (WITHOUT ROWID: the member index carries group_id).
  db.exec(`
    CREATE TABLE scim_resource (
      sub TEXT, rtype TEXT, id TEXT, json TEXT, version INTEGER NOT NULL, PRIMARY KEY (sub, rtype, id)) WITHOUT ROWID;
    CREATE TABLE scim_group_member (
      sub TEXT NOT NULL, group_id TEXT NOT NULL, member_id TEXT NOT NULL, member_type TEXT NOT NULL,
      PRIMARY KEY (sub, group_id, member_id)) WITHOUT ROWID;
    CREATE INDEX scim_group_member_by_member ON scim_group_member (sub, member_id);
  `);
  createScimIndexSchema(db);
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
  db.prepare(
    'INSERT OR REPLACE INTO scim_resource (sub, rtype, id, json, version) VALUES (?, ?, ?, ?, ?)',
  ).run(sub, resourceType, id, JSON.stringify(resource), version);
  replaceIndexRows(db, sub, resourceType, id, indexRowsFor(resourceType, resource));
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
  const where = translateFilter(parseFilter(filter, resourceType), resourceType);
  const order = sort ? translateSort(sort.by, sort.order, resourceType) : { sql: 'r.id', params: [] };
  return {
    sql: `SELECT r.id FROM scim_resource r WHERE r.sub = ? AND r.rtype = ? AND (${where.sql}) ORDER BY ${order.sql} LIMIT ? OFFSET ?`,
    params: (sub: string) => [sub, resourceType, ...where.params, ...order.params, 1000, 0],
  };
}

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
