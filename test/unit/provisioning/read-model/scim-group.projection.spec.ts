import Database from 'better-sqlite3';
import { ScimGroupProjection } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-group.projection';
import { ScimUserProjection } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-user.projection';
import { RecordedEvent } from '../../../../src/platform/event-store/event-store.port';
import { nextLogPosition, recordedEvent } from '../../../support/recorded-event';

// Recorded a little after the decision's `at` (0 to 90 ms in a running server).
const event = (type: string, data: Record<string, unknown>, revision = 0): RecordedEvent =>
  recordedEvent('group-acme_g1', type, data, {
    revision,
    recordedAt: (position) => `2026-01-01T00:00:00.${String(position).padStart(3, '0')}Z`,
  });

describe('SCIM groups projection', () => {
  it("dates meta.created and lastModified by when the events were recorded (the history's and asOf's time)", () => {
    const db = new Database(':memory:');
    const projection = new ScimGroupProjection();
    projection.setup(db);
    const created = event('GroupCreated', { groupId: 'g9', displayName: 'Ops', externalId: null });
    projection.apply(db, created);
    const renamed = event(
      'GroupDetailsChanged',
      { groupId: 'g9', displayName: 'Ops 2', externalId: null },
      1,
    );
    projection.apply(db, renamed);
    const { json } = db.prepare(`SELECT json FROM scim_resource WHERE id = 'g9'`).get() as { json: string };
    expect((JSON.parse(json) as { meta: unknown }).meta).toMatchObject({
      created: created.metadata.timestamp,
      lastModified: renamed.metadata.timestamp,
    });
  });

  it('a deleted user leaves every group (by the member index)', () => {
    const db = new Database(':memory:');
    const projection = new ScimGroupProjection();
    projection.setup(db);
    // As the users projection writes them: doc is the position of the user's creation.
    const user = db.prepare(
      `INSERT INTO scim_resource (doc, sub, rtype, id, json, version) VALUES (?, 'acme', 'User', ?, '{}', 0)`,
    );
    user.run(nextLogPosition(), 'u1');
    user.run(nextLogPosition(), 'u2');
    for (const groupId of ['g1', 'g2']) {
      projection.apply(db, event('GroupCreated', { groupId, displayName: groupId, externalId: null }));
      projection.apply(
        db,
        event(
          'GroupMembersAdded',
          {
            groupId,
            members: [
              { id: 'u1', type: 'User' },
              { id: 'u2', type: 'User' },
            ],
          },
          1,
        ),
      );
    }
    projection.apply(db, event('UserDeleted', { userId: 'u1', userName: 'u1', handover: null }));
    expect(
      db.prepare('SELECT group_id, member_id FROM scim_group_member ORDER BY group_id, member_id').all(),
    ).toEqual([
      { group_id: 'g1', member_id: 'u2' },
      { group_id: 'g2', member_id: 'u2' },
    ]);
  });

  it("keeps a group's doc (its creation's position) and scope through renames and member changes", () => {
    const db = new Database(':memory:');
    const projection = new ScimGroupProjection();
    projection.setup(db);
    const created = event('GroupCreated', { groupId: 'g1', displayName: 'Sales', externalId: null });
    projection.apply(db, created);
    const doc = Number(created.position.prepare);
    projection.apply(
      db,
      event('GroupDetailsChanged', { groupId: 'g1', displayName: 'Renamed', externalId: 'x' }, 1),
    );
    projection.apply(db, event('GroupMembersRemoved', { groupId: 'g1', memberIds: ['nobody'] }, 2));
    expect(db.prepare(`SELECT doc, id, version FROM scim_resource`).all()).toEqual([
      { doc, id: 'g1', version: 2 },
    ]);
    expect(db.prepare(`SELECT sub, rtype, scope FROM scim_scope`).all()).toEqual([
      { sub: 'acme', rtype: 'Group', scope: doc },
    ]);
    expect(db.prepare(`SELECT DISTINCT scope, doc FROM scim_attr`).all()).toEqual([{ scope: doc, doc }]);
    expect(db.prepare(`SELECT v FROM scim_attr WHERE path = 'displayname'`).pluck().all()).toEqual([
      'renamed',
    ]);

    projection.apply(db, event('GroupDeleted', { groupId: 'g1' }, 3));
    expect(db.prepare(`SELECT count(*) FROM scim_attr`).pluck().get()).toBe(0);
    // The scope stays: a later group of the subscription gets the same one.
    projection.apply(db, event('GroupCreated', { groupId: 'g2', displayName: 'Later', externalId: null }));
    expect(db.prepare(`SELECT DISTINCT scope FROM scim_attr`).pluck().all()).toEqual([doc]);
  });

  it("a reset clears its own type's resources, index rows and scopes, not the other type's", () => {
    const db = new Database(':memory:');
    const users = new ScimUserProjection();
    const groups = new ScimGroupProjection();
    users.setup(db);
    groups.setup(db);
    const provisioned = {
      ...event('UserProvisioned', {
        userId: 'u1',
        profile: { userName: 'alice' },
        active: true,
        managerId: null,
      }),
      streamId: 'user-acme_u1',
    };
    users.apply(db, provisioned);
    users.endBatch(db);
    groups.apply(db, event('GroupCreated', { groupId: 'g1', displayName: 'Sales', externalId: null }));
    const rows = () =>
      db
        .prepare(
          `SELECT s.rtype, count(DISTINCT r.doc) AS resources, count(a.doc) AS attrs FROM scim_scope s
           LEFT JOIN scim_resource r ON r.sub = s.sub AND r.rtype = s.rtype
           LEFT JOIN scim_attr a ON a.doc = r.doc GROUP BY s.rtype ORDER BY s.rtype`,
        )
        .all() as { rtype: string; resources: number; attrs: number }[];
    const before = rows();
    expect(before.map((row) => row.rtype)).toEqual(['Group', 'User']);
    expect(before.every((row) => row.resources === 1 && row.attrs > 0)).toBe(true);

    users.reset(db);
    expect(rows()).toEqual([before[0]]);
    expect(db.prepare(`SELECT count(*) FROM scim_attr`).pluck().get()).toBe(before[0]!.attrs);
    groups.reset(db);
    for (const table of ['scim_scope', 'scim_resource', 'scim_attr'])
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
  });

  describe('in a bulk load (with the users projection, which ends each batch first)', () => {
    const userEvent = (type: string, userId: string, data: Record<string, unknown> = {}, revision = 0) => ({
      ...event(type, { userId, ...data }, revision),
      streamId: `user-acme_${userId}`,
    });
    const provisioned = (userId: string) =>
      userEvent('UserProvisioned', userId, { profile: { userName: userId }, active: true, managerId: null });
    const members = (db: Database.Database) =>
      db.prepare('SELECT group_id, member_id FROM scim_group_member ORDER BY group_id, member_id').all();

    /** One batch as the runner applies it: every event to both, then endBatch in registration order. */
    const batch = (
      db: Database.Database,
      projections: [ScimUserProjection, ScimGroupProjection],
      events: RecordedEvent[],
    ) => {
      for (const recorded of events) for (const projection of projections) projection.apply(db, recorded);
      for (const projection of projections) projection.endBatch(db);
    };

    it("applies a batch's group events when it ends, to the users the batch created, as a normal batch would", () => {
      const history = [
        provisioned('u1'),
        provisioned('u2'),
        provisioned('u3'),
        event('GroupCreated', { groupId: 'g1', displayName: 'Sales', externalId: null }),
        event(
          'GroupMembersAdded',
          {
            groupId: 'g1',
            members: [
              { id: 'u1', type: 'User' },
              { id: 'u2', type: 'User' },
            ],
          },
          1,
        ),
        // u2 leaves every group; u3 is deleted before an add that was decided earlier lands.
        userEvent('UserDeleted', 'u2', { userName: 'u2', handover: null }, 1),
        userEvent('UserDeleted', 'u3', { userName: 'u3', handover: null }, 1),
        event('GroupMembersAdded', { groupId: 'g1', members: [{ id: 'u3', type: 'User' }] }, 2),
      ];
      const replay = (bulk: boolean) => {
        const db = new Database(':memory:');
        const projections: [ScimUserProjection, ScimGroupProjection] = [
          new ScimUserProjection(),
          new ScimGroupProjection(),
        ];
        for (const projection of projections) projection.setup(db);
        if (bulk) for (const projection of projections) projection.beginBulkLoad(db);
        batch(db, projections, history);
        if (bulk) for (const projection of projections) projection.endBulkLoad();
        return db;
      };
      const normal = replay(false);
      const bulk = replay(true);
      expect(members(bulk)).toEqual([{ group_id: 'g1', member_id: 'u1' }]);
      expect(members(bulk)).toEqual(members(normal));
      const resources = (db: Database.Database) =>
        db.prepare('SELECT doc, rtype, id, json, version, source FROM scim_resource ORDER BY doc').all();
      expect(resources(bulk)).toEqual(resources(normal));
    });

    it('writes nothing of a group before the batch ends', () => {
      const db = new Database(':memory:');
      const projection = new ScimGroupProjection();
      projection.setup(db);
      projection.beginBulkLoad(db);
      projection.apply(db, event('GroupCreated', { groupId: 'g1', displayName: 'Sales', externalId: null }));
      expect(db.prepare('SELECT count(*) FROM scim_resource').pluck().get()).toBe(0);
      projection.endBatch(db);
      expect(db.prepare(`SELECT id FROM scim_resource WHERE rtype = 'Group'`).pluck().all()).toEqual(['g1']);
    });
  });
});
