import type { Database, Statement } from 'better-sqlite3';
import { JsonObject, RecordedEvent } from '../../../../platform/event-store/event-store.port';
import { Projection } from '../../../../platform/read-model/projection';
import { GROUP_EVENT_TYPES, groupEventOf } from '../../../identity/contracts/group.events';
import { GROUP_SCHEMA_ID } from '../../domain/schema/scim-schemas';
import { BulkIndexWrites, startBulkIndexWrites } from './bulk-index/bulk-index-writer';
import { IndexWrites, IndexedResource, claimScope, directIndexWrites } from './scim-query';
import { createScimResourceTables, docOf } from './scim-resource.tables';

const HANDLED = new Set<string>([...GROUP_EVENT_TYPES, 'UserDeleted']);

/** A stored group: its index key and document. */
type StoredGroup = IndexedResource & { json: string };

type Statements = Record<
  | 'get'
  | 'create'
  | 'put'
  | 'remove'
  | 'addMember'
  | 'removeMember'
  | 'removeMembers'
  | 'removeEverywhere'
  | 'memberExists',
  Statement
>;

/** Identity's group events to SCIM Group documents (without members) and membership rows. */
export class ScimGroupProjection implements Projection {
  readonly name = 'scim-groups';
  // 2: a member deleted earlier in the log is not added (a concurrent add decided before the deletion).
  // 4: schemas, meta.resourceType and meta.version are no longer rows of scim_attr.
  // 5: narrow scim_attr (scope, doc) and scim_resource.doc.
  // 6: caseExact=false keys are caselessKey (NFC, final sigma), not toLowerCase alone.
  // 7: meta.created and lastModified are the events' recorded times (metadata.timestamp), the
  //    times of the history and of ?asOf=, not the decision's `at`.
  readonly version = 7;
  private statements: Statements | undefined;
  /**
   * During a bulk load: the batch's events, applied when it ends. The users projection writes a
   * bulk load's new users only then (registered before this one, it ends the batch first), and
   * a member must exist to be added.
   */
  private deferred: RecordedEvent[] | undefined;
  private directWrites: IndexWrites | undefined;
  /** During a bulk load: where scim_attr's writes go (shared with the users projection). */
  private bulkWrites: BulkIndexWrites | undefined;

  setup(db: Database): void {
    createScimResourceTables(db);
  }

  reset(db: Database): void {
    if (this.deferred) this.deferred = [];
    // Only the groups' scopes: the users projection keeps its own rows (it may not be reset).
    db.exec(`DELETE FROM scim_attr WHERE scope IN (SELECT scope FROM scim_scope WHERE rtype = 'Group');
             DELETE FROM scim_resource WHERE rtype = 'Group'; DELETE FROM scim_scope WHERE rtype = 'Group';
             DELETE FROM scim_group_member;`);
  }

  beginBulkLoad(db: Database): void {
    this.deferred = [];
    this.bulkWrites = startBulkIndexWrites(db);
  }

  async settleBulkLoad(): Promise<void> {
    await this.bulkWrites?.finish();
  }

  endBulkLoad(): void {
    this.deferred = undefined;
    this.bulkWrites = undefined;
  }

  endBatch(db: Database): void {
    const events = this.deferred;
    if (!events || events.length === 0) return;
    this.deferred = undefined;
    try {
      for (const recorded of events) this.apply(db, recorded);
    } finally {
      this.deferred = [];
    }
    this.bulkWrites?.send();
  }

  apply(db: Database, recorded: RecordedEvent): void {
    if (!HANDLED.has(recorded.type)) return;
    if (this.deferred) {
      this.deferred.push(recorded);
      return;
    }
    const sql = this.prepared(db);
    if (recorded.type === 'UserDeleted') {
      // A deleted user leaves every group at once.
      sql.removeEverywhere.run(recorded.data.subscription, recorded.data.userId);
      return;
    }
    const event = groupEventOf(recorded);
    if (!event) return;
    const { subscription: sub, groupId } = event.data;
    const at = recorded.metadata.timestamp;
    switch (event.type) {
      case 'GroupCreated':
      case 'GroupDetailsChanged': {
        const previous = sql.get.get(sub, groupId) as StoredGroup | undefined;
        const created = previous
          ? (JSON.parse(previous.json) as { meta: { created: string } }).meta.created
          : at;
        const resource: JsonObject = { schemas: [GROUP_SCHEMA_ID], id: groupId };
        if (event.data.externalId !== null) resource.externalId = event.data.externalId;
        resource.displayName = event.data.displayName;
        const document = { ...resource, meta: this.meta(created, at, recorded.revision) };
        const json = JSON.stringify(document);
        let group: IndexedResource | undefined = previous;
        if (!group) {
          // The creation's position (not an insertion counter): a replay gives the same numbers.
          const doc = docOf(recorded.position);
          sql.create.run(doc, sub, groupId, json, recorded.revision);
          group = { doc, scope: claimScope(db, sub, 'Group', doc) };
        } else {
          sql.put.run(json, recorded.revision, group.doc);
        }
        this.indexWrites(db).replace(group, 'Group', document, json);
        return;
      }
      case 'GroupMembersAdded':
        for (const member of event.data.members) {
          // An add decided while the member existed may land after its deletion (a concurrent
          // DELETE): the member left every group then, so the late add is ignored. Users' rows
          // come from the scim-users projection, in the same transaction: event by event, or in
          // a bulk load at the end of the batch, before this projection's events (endBatch).
          if (sql.memberExists.get(sub, member.type, member.id) === undefined) continue;
          sql.addMember.run(sub, groupId, member.id, member.type);
        }
        this.touch(db, sql, sub, groupId, at, recorded);
        return;
      case 'GroupMembersRemoved':
        for (const memberId of event.data.memberIds) sql.removeMember.run(sub, groupId, memberId);
        this.touch(db, sql, sub, groupId, at, recorded);
        return;
      case 'GroupDeleted': {
        const doc = sql.remove.get(sub, groupId) as number | undefined;
        sql.removeMembers.run(sub, groupId);
        sql.removeEverywhere.run(sub, groupId);
        if (doc !== undefined) this.indexWrites(db).remove(doc);
        return;
      }
    }
  }

  private meta(created: string, lastModified: string, revision: number): JsonObject {
    return { resourceType: 'Group', created, lastModified, version: `W/"${revision}"` };
  }

  /** A membership change moves the group's version and lastModified. */
  private touch(
    db: Database,
    sql: Statements,
    sub: string,
    groupId: string,
    at: string,
    recorded: RecordedEvent,
  ) {
    const group = sql.get.get(sub, groupId) as StoredGroup | undefined;
    if (!group) return;
    const stored = JSON.parse(group.json) as JsonObject & { meta: { created: string } };
    const document = { ...stored, meta: this.meta(stored.meta.created, at, recorded.revision) };
    const json = JSON.stringify(document);
    sql.put.run(json, recorded.revision, group.doc);
    this.indexWrites(db).replace(group, 'Group', document, json);
  }

  private indexWrites(db: Database): IndexWrites {
    return this.bulkWrites?.writes ?? (this.directWrites ??= directIndexWrites(db));
  }

  private prepared(db: Database): Statements {
    this.statements ??= {
      get: db.prepare(
        `SELECT r.doc, s.scope, r.json FROM scim_resource r
         CROSS JOIN scim_scope s ON s.sub = r.sub AND s.rtype = r.rtype
         WHERE r.sub = ? AND r.rtype = 'Group' AND r.id = ?`,
      ),
      create: db.prepare(
        `INSERT INTO scim_resource (doc, sub, rtype, id, json, version, source) VALUES (?, ?, 'Group', ?, ?, ?, NULL)`,
      ),
      // In place: the row keeps its doc (its index rows name it), and no index of the table moves.
      put: db.prepare(`UPDATE scim_resource SET json = ?, version = ? WHERE doc = ?`),
      remove: db
        .prepare(`DELETE FROM scim_resource WHERE sub = ? AND rtype = 'Group' AND id = ? RETURNING doc`)
        .pluck(),
      addMember: db.prepare(
        'INSERT OR IGNORE INTO scim_group_member (sub, group_id, member_id, member_type) VALUES (?, ?, ?, ?)',
      ),
      removeMember: db.prepare(
        'DELETE FROM scim_group_member WHERE sub = ? AND group_id = ? AND member_id = ?',
      ),
      removeMembers: db.prepare('DELETE FROM scim_group_member WHERE sub = ? AND group_id = ?'),
      // Without INDEXED BY, SQLite plans this DELETE as a scan of the tenant's memberships (primary
      // key prefix sub=?): ~0.4 ms per deleted user at 7,000 memberships per tenant, not a few us.
      removeEverywhere: db.prepare(
        'DELETE FROM scim_group_member INDEXED BY scim_group_member_by_member WHERE sub = ? AND member_id = ?',
      ),
      memberExists: db.prepare('SELECT 1 FROM scim_resource WHERE sub = ? AND rtype = ? AND id = ?'),
    };
    return this.statements;
  }
}
