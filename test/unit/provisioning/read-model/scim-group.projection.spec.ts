import Database from 'better-sqlite3';
import { ScimGroupProjection } from '../../../../src/modules/provisioning/infrastructure/read-model/scim-group.projection';
import { RecordedEvent } from '../../../../src/platform/event-store/event-store.port';

let position = 0;
const event = (type: string, data: Record<string, unknown>, revision = 0): RecordedEvent =>
  ({
    id: `e${++position}`,
    streamId: 'group-acme_g1',
    type,
    revision,
    position: { commit: BigInt(position), prepare: BigInt(position) },
    data: { subscription: 'acme', at: '2026-01-01T00:00:00.000Z', ...data },
    metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'test', timestamp: '' },
  }) as RecordedEvent;

describe('SCIM groups projection', () => {
  it('a deleted user leaves every group (by the member index)', () => {
    const db = new Database(':memory:');
    const projection = new ScimGroupProjection();
    projection.setup(db);
    const user = db.prepare(
      `INSERT INTO scim_resource (sub, rtype, id, json, version) VALUES ('acme', 'User', ?, '{}', 0)`,
    );
    user.run('u1');
    user.run('u2');
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
});
