import { GroupEvent } from '../../../src/modules/identity/contracts/group.events';
import {
  CandidateMember,
  GroupCommand,
  GroupState,
  MemberToRemove,
  groupDecider,
} from '../../../src/modules/identity/domain/group.decider';
import {
  GroupAlreadyExistsError,
  GroupCycleError,
  GroupNestingTooDeepError,
  GroupNotFoundError,
  InvalidGroupError,
  UnknownMembersError,
} from '../../../src/modules/identity/domain/group.errors';
import { DomainError } from '../../../src/platform/es/domain-event';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(groupDecider);
const at = '2026-01-01T00:00:00.000Z';
const later = '2026-01-02T00:00:00.000Z';
const ref = { subscription: 'acme', groupId: 'g1', at };

/** A member the handler found in the index: a user of the subscription, not yet a member. */
const user = (id: string, facts: Partial<CandidateMember> = {}): CandidateMember => ({
  id,
  type: 'User',
  alreadyMember: false,
  createsCycle: false,
  nestsTooDeep: false,
  ...facts,
});
const group = (id: string, facts: Partial<CandidateMember> = {}): CandidateMember =>
  user(id, { type: 'Group', ...facts });
const unknown = (id: string): CandidateMember => user(id, { type: null });
const member = (id: string): MemberToRemove => ({ id, isMember: true });
const absent = (id: string): MemberToRemove => ({ id, isMember: false });

const create = (overrides: Partial<Extract<GroupCommand, { type: 'CreateGroup' }>> = {}): GroupCommand => ({
  type: 'CreateGroup',
  subscription: 'acme',
  groupId: 'g1',
  displayName: 'Sales',
  externalId: 'ext-1',
  members: [],
  at,
  ...overrides,
});
const change = (overrides: Partial<Extract<GroupCommand, { type: 'ChangeGroup' }>> = {}): GroupCommand => ({
  type: 'ChangeGroup',
  groupId: 'g1',
  add: [],
  remove: [],
  at: later,
  ...overrides,
});
const remove = (): GroupCommand => ({ type: 'DeleteGroup', groupId: 'g1', at: later });

const created = (data: Partial<Extract<GroupEvent, { type: 'GroupCreated' }>['data']> = {}): GroupEvent => ({
  type: 'GroupCreated',
  data: { ...ref, displayName: 'Sales', externalId: 'ext-1', ...data },
});
const deleted: GroupEvent = { type: 'GroupDeleted', data: { ...ref, displayName: 'Sales', at: later } };
const membersAdded = (...ids: string[]): GroupEvent => ({
  type: 'GroupMembersAdded',
  data: { ...ref, members: ids.map((id) => ({ id, type: 'User' as const })) },
});

/** Runs decide and returns the DomainError it throws (to check its kind and message). */
function refusal(command: GroupCommand, history: GroupEvent[] = []): DomainError {
  const state = history.reduce(groupDecider.evolve, groupDecider.initialState);
  try {
    groupDecider.decide(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the command was not refused');
}

describe('group decider', () => {
  describe('create', () => {
    it('creates a group without members: one event, no membership event', () =>
      spec.given([]).when(create()).then([created()]));

    it('creates a group without externalId', () =>
      spec
        .given([])
        .when(create({ externalId: null }))
        .then([created({ externalId: null })]));

    it('creates a group with members: the members in a second event, with their types', () =>
      spec
        .given([])
        .when(create({ members: [user('u1'), group('g2'), user('u2')] }))
        .then([
          created(),
          {
            type: 'GroupMembersAdded',
            data: {
              ...ref,
              members: [
                { id: 'u1', type: 'User' },
                { id: 'g2', type: 'Group' },
                { id: 'u2', type: 'User' },
              ],
            },
          },
        ]));

    it('lists a member given twice once', () =>
      spec
        .given([])
        .when(create({ members: [user('u1'), user('u1')] }))
        .then([created(), membersAdded('u1')]));

    it('refuses unknown members, naming every one, as an invalid value', () => {
      spec
        .given([])
        .when(create({ members: [user('u1'), unknown('x1'), unknown('x2')] }))
        .thenThrows(UnknownMembersError, /x1, x2/);
      const error = refusal(create({ members: [user('u1'), unknown('x1')] }));
      expect(error.kind).toBe('invalid');
      expect(error.code).toBe('group.unknown-members');
      expect((error as UnknownMembersError).memberIds).toEqual(['x1']);
      expect(error.message).not.toContain('u1');
    });

    it('names the first 20 unknown members and counts the rest', () => {
      const ids = Array.from({ length: 25 }, (_, i) => `x${i}`);
      const error = refusal(create({ members: ids.map(unknown) }));
      expect(error.message).toContain('x0');
      expect(error.message).toContain('x19');
      expect(error.message).not.toContain('x20');
      expect(error.message).toContain('and 5 more');
      expect((error as UnknownMembersError).memberIds).toEqual(ids);
    });

    it('refuses a group listing itself as a member', () => {
      spec
        .given([])
        .when(create({ members: [group('g1')] }))
        .thenThrows(GroupCycleError, /cannot be a member of itself/);
      expect(refusal(create({ members: [group('g1')] })).kind).toBe('invalid');
    });

    it('refuses an empty or blank displayName', () => {
      spec
        .given([])
        .when(create({ displayName: '' }))
        .thenThrows(InvalidGroupError, 'displayName');
      spec
        .given([])
        .when(create({ displayName: '   ' }))
        .thenThrows(InvalidGroupError, 'displayName');
    });

    it('refuses to create a group that exists or existed', () => {
      spec.given([created()]).when(create()).thenThrows(GroupAlreadyExistsError);
      spec.given([created(), deleted]).when(create()).thenThrows(GroupAlreadyExistsError);
      expect(refusal(create(), [created()]).kind).toBe('conflict');
    });
  });

  describe('members', () => {
    it('adds only the new members (the delta, never the group)', () =>
      spec
        .given([created(), membersAdded('u1', 'u2')])
        .when(change({ add: [user('u1', { alreadyMember: true }), user('u3')] }))
        .then([
          { type: 'GroupMembersAdded', data: { ...ref, at: later, members: [{ id: 'u3', type: 'User' }] } },
        ]));

    it('emits nothing when every member to add is already there', () =>
      spec
        .given([created(), membersAdded('u1')])
        .when(change({ add: [user('u1', { alreadyMember: true })] }))
        .thenNothing());

    it('removes only the present members listed', () =>
      spec
        .given([created(), membersAdded('u1', 'u2', 'u3')])
        .when(change({ remove: [member('u1'), absent('u9'), member('u1')] }))
        .then([
          {
            type: 'GroupMembersRemoved',
            data: { ...ref, at: later, memberIds: ['u1'], reason: 'requested' },
          },
        ]));

    it('emits nothing when every member to remove is absent', () =>
      spec
        .given([created()])
        .when(change({ remove: [absent('u1'), absent('u2')] }))
        .thenNothing());

    it('adds and removes in one change: removals first, then additions', () =>
      spec
        .given([created(), membersAdded('u1')])
        .when(change({ add: [user('u2')], remove: [member('u1')] }))
        .then([
          {
            type: 'GroupMembersRemoved',
            data: { ...ref, at: later, memberIds: ['u1'], reason: 'requested' },
          },
          { type: 'GroupMembersAdded', data: { ...ref, at: later, members: [{ id: 'u2', type: 'User' }] } },
        ]));

    it('refuses unknown members and emits nothing, not even the valid part of the change', () => {
      const command = change({
        displayName: 'Renamed',
        add: [user('u2'), unknown('ghost')],
        remove: [member('u1')],
      });
      spec
        .given([created(), membersAdded('u1')])
        .when(command)
        .thenThrows(UnknownMembersError, 'ghost');
      const error = refusal(command, [created(), membersAdded('u1')]);
      expect(error.kind).toBe('invalid');
    });

    it('refuses the group as its own member', () =>
      spec
        .given([created()])
        .when(change({ add: [group('g1')] }))
        .thenThrows(GroupCycleError, /g1 cannot be a member of itself/));

    it('refuses a nested group that contains this group (the createsCycle fact)', () => {
      spec
        .given([created()])
        .when(change({ add: [user('u1'), group('g2', { createsCycle: true })] }))
        .thenThrows(GroupCycleError, /adding group g2 to group g1/);
      expect(refusal(change({ add: [group('g2', { createsCycle: true })] }), [created()]).kind).toBe(
        'invalid',
      );
    });

    it('refuses a nested group that would make the chain of nesting too long (the nestsTooDeep fact)', () => {
      spec
        .given([created()])
        .when(change({ add: [user('u1'), group('g2', { nestsTooDeep: true })] }))
        .thenThrows(GroupNestingTooDeepError, /adding group g2 to group g1 would nest more than 33 groups/);
      expect(refusal(change({ add: [group('g2', { nestsTooDeep: true })] }), [created()]).kind).toBe(
        'invalid',
      );
    });

    it('adds a nested group that creates no cycle', () =>
      spec
        .given([created()])
        .when(change({ add: [group('g2')] }))
        .then([
          { type: 'GroupMembersAdded', data: { ...ref, at: later, members: [{ id: 'g2', type: 'Group' }] } },
        ]));
  });

  describe('details', () => {
    it('renames', () =>
      spec
        .given([created()])
        .when(change({ displayName: 'Marketing' }))
        .then([
          {
            type: 'GroupDetailsChanged',
            data: { ...ref, at: later, displayName: 'Marketing', externalId: 'ext-1' },
          },
        ]));

    it('changes the case of the name (a rename too)', () =>
      spec
        .given([created()])
        .when(change({ displayName: 'SALES' }))
        .then([
          {
            type: 'GroupDetailsChanged',
            data: { ...ref, at: later, displayName: 'SALES', externalId: 'ext-1' },
          },
        ]));

    it('changes and clears externalId, keeping the name', () => {
      spec
        .given([created()])
        .when(change({ externalId: 'ext-2' }))
        .then([
          {
            type: 'GroupDetailsChanged',
            data: { ...ref, at: later, displayName: 'Sales', externalId: 'ext-2' },
          },
        ]);
      spec
        .given([created()])
        .when(change({ externalId: null }))
        .then([
          {
            type: 'GroupDetailsChanged',
            data: { ...ref, at: later, displayName: 'Sales', externalId: null },
          },
        ]);
    });

    it('emits nothing when the details are the same', () =>
      spec
        .given([created()])
        .when(change({ displayName: 'Sales', externalId: 'ext-1' }))
        .thenNothing());

    it('renames and changes members in one change', () =>
      spec
        .given([created()])
        .when(change({ displayName: 'Marketing', add: [user('u1')] }))
        .then([
          {
            type: 'GroupDetailsChanged',
            data: { ...ref, at: later, displayName: 'Marketing', externalId: 'ext-1' },
          },
          { type: 'GroupMembersAdded', data: { ...ref, at: later, members: [{ id: 'u1', type: 'User' }] } },
        ]));

    it('refuses a blank name', () =>
      spec
        .given([created()])
        .when(change({ displayName: ' ' }))
        .thenThrows(InvalidGroupError));

    it('folds renames into the state', () =>
      spec
        .given([
          created(),
          membersAdded('u1'),
          {
            type: 'GroupDetailsChanged',
            data: { ...ref, displayName: 'Marketing', externalId: null },
          },
        ])
        .thenState({
          status: 'present',
          subscription: 'acme',
          groupId: 'g1',
          displayName: 'Marketing',
          externalId: null,
        }));
  });

  describe('delete', () => {
    it('deletes, recording the name it held', () =>
      spec
        .given([created(), membersAdded('u1')])
        .when(remove())
        .then([deleted]));

    it('a deleted group keeps no details', () =>
      spec
        .given([created(), deleted])
        .thenState({ status: 'deleted', subscription: 'acme', groupId: 'g1' } satisfies GroupState));
  });

  describe('absent or deleted groups', () => {
    it.each([
      ['absent', []],
      ['deleted', [created(), deleted]],
    ] as [string, GroupEvent[]][])(
      'a change or delete of a group that is %s: not found',
      (_what, history) => {
        spec
          .given(history)
          .when(change({ displayName: 'X' }))
          .thenThrows(GroupNotFoundError);
        spec
          .given(history)
          .when(change({ add: [user('u1')] }))
          .thenThrows(GroupNotFoundError);
        spec.given(history).when(remove()).thenThrows(GroupNotFoundError);
        expect(refusal(remove(), history).kind).toBe('not-found');
      },
    );
  });
});
