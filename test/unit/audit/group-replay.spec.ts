import { GroupEvent } from '../../../src/modules/identity/contracts/group.events';
import { GroupReplay } from '../../../src/modules/audit/domain/group-replay';

const ref = { subscription: 'acme', groupId: 'g-1', at: '2025-01-01T00:00:00.000Z' };
const created: GroupEvent = {
  type: 'GroupCreated',
  data: { ...ref, displayName: 'Sales', externalId: 'x-1' },
};
const added = (...ids: string[]): GroupEvent => ({
  type: 'GroupMembersAdded',
  data: { ...ref, members: ids.map((id) => ({ id, type: id.startsWith('g') ? 'Group' : 'User' })) },
});
const removed = (...ids: string[]): GroupEvent => ({
  type: 'GroupMembersRemoved',
  data: { ...ref, memberIds: ids, reason: 'requested' },
});

function replay(events: GroupEvent[]) {
  const group = new GroupReplay();
  events.forEach((event, revision) => group.apply(event, revision));
  return group.current();
}

describe('GroupReplay: a group folded with its members', () => {
  it('is null before the group is created', () => {
    expect(replay([])).toBeNull();
  });

  it('tracks details and members in the order they joined', () => {
    expect(
      replay([
        created,
        added('u-1', 'u-2', 'g-9'),
        removed('u-1'),
        { type: 'GroupDetailsChanged', data: { ...ref, displayName: 'Sales EMEA', externalId: null } },
        added('u-3'),
      ]),
    ).toEqual({
      subscription: 'acme',
      groupId: 'g-1',
      displayName: 'Sales EMEA',
      externalId: null,
      members: [
        { id: 'u-2', type: 'User' },
        { id: 'g-9', type: 'Group' },
        { id: 'u-3', type: 'User' },
      ],
      revision: 4,
    });
  });

  it('removing an absent member changes nothing; a member removed and re-added joins last', () => {
    const group = replay([created, added('u-1', 'u-2'), removed('u-9', 'u-1'), added('u-1')]);
    expect(group?.members.map((m) => m.id)).toEqual(['u-2', 'u-1']);
  });

  it('is null once the group is deleted', () => {
    expect(
      replay([created, added('u-1'), { type: 'GroupDeleted', data: { ...ref, displayName: 'Sales' } }]),
    ).toBeNull();
  });
});
