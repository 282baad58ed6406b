import Database from 'better-sqlite3';
import { IdentityIndexProjection } from '../../../src/modules/identity/infrastructure/identity-index.projection';
import { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { recordedEvent } from '../../support/recorded-event';

const recorded = (streamId: string, type: string, data: Record<string, unknown>, revision: number) =>
  recordedEvent(streamId, type, data, { revision });
const user = (userId: string, type: string, data: Record<string, unknown> = {}, revision = 0) =>
  recorded(`user-acme_${userId}`, type, { userId, ...data }, revision);
const group = (type: string, data: Record<string, unknown>, revision = 0) =>
  recorded('group-acme_g1', type, { groupId: 'g1', ...data }, revision);

const HISTORY = () => [
  user('u1', 'UserProvisioned', { profile: { userName: 'u1' }, active: true, managerId: null }),
  user('u2', 'UserProvisioned', { profile: { userName: 'u2' }, active: true, managerId: null }),
  user('u2', 'UserManagerAssigned', { managerId: 'u1' }, 1),
  user('u2', 'UserDisabled', { handover: null }, 2),
  user('u3', 'UserProvisioned', { profile: { userName: 'u3' }, active: true, managerId: 'u1' }),
  user('u3', 'UserManagerRemoved', {}, 1),
  group('GroupCreated', { displayName: 'Sales', externalId: null }),
  group(
    'GroupMembersAdded',
    {
      members: [
        { id: 'u1', type: 'User' },
        { id: 'u3', type: 'User' },
      ],
    },
    1,
  ),
  user('u3', 'UserDeleted', { userName: 'u3', handover: null }, 2),
  // Decided before u3's deletion, recorded after it: ignored.
  group(
    'GroupMembersAdded',
    {
      members: [
        { id: 'u3', type: 'User' },
        { id: 'u2', type: 'User' },
      ],
    },
    2,
  ),
];

function replay(events: RecordedEvent[], options: { bulk: boolean; batches: number[] }): Database.Database {
  const db = new Database(':memory:');
  const projection = new IdentityIndexProjection();
  projection.setup(db);
  if (options.bulk) projection.beginBulkLoad();
  let next = 0;
  for (const size of options.batches) {
    for (const event of events.slice(next, next + size)) projection.apply(db, event);
    next += size;
    projection.endBatch(db);
  }
  if (options.bulk) projection.endBulkLoad();
  return db;
}

const tables = (db: Database.Database) => ({
  users: db.prepare('SELECT sub, id, active, manager_id FROM idn_user ORDER BY id').all(),
  members: db.prepare('SELECT group_id, member_id FROM idn_group_member ORDER BY member_id').all(),
});

describe("Identity's index", () => {
  it('a bulk load writes what event-by-event applying writes, in one batch or across several', () => {
    const expected = tables(replay(HISTORY(), { bulk: false, batches: [HISTORY().length] }));
    expect(expected).toEqual({
      users: [
        { sub: 'acme', id: 'u1', active: 1, manager_id: null },
        { sub: 'acme', id: 'u2', active: 0, manager_id: 'u1' },
      ],
      members: [
        { group_id: 'g1', member_id: 'u1' },
        { group_id: 'g1', member_id: 'u2' },
      ],
    });
    expect(tables(replay(HISTORY(), { bulk: true, batches: [HISTORY().length] }))).toEqual(expected);
    expect(tables(replay(HISTORY(), { bulk: true, batches: [2, 3, 1, 2, 2] }))).toEqual(expected);
  });

  it('in a bulk load, writes a provisioned user when the batch ends', () => {
    const db = new Database(':memory:');
    const projection = new IdentityIndexProjection();
    projection.setup(db);
    projection.beginBulkLoad();
    projection.apply(db, user('u1', 'UserProvisioned', { profile: {}, active: true, managerId: null }));
    expect(db.prepare('SELECT count(*) FROM idn_user').pluck().get()).toBe(0);
    projection.endBatch(db);
    expect(db.prepare('SELECT id FROM idn_user').pluck().all()).toEqual(['u1']);
  });
});
