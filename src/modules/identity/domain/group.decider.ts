import { Decider } from '../../../platform/es/decider';
import { assertNever } from '../../../platform/es/domain-event';
import { MAX_NESTED_GROUPS } from '../contracts/group-nesting';
import { GroupEvent, GroupMember, MemberType } from '../contracts/group.events';
import {
  GroupAlreadyExistsError,
  GroupCycleError,
  GroupNestingTooDeepError,
  GroupNotFoundError,
  InvalidGroupError,
  UnknownMembersError,
} from './group.errors';

/** What the handler found out about a member to add (membership lives in an index, not in the state). */
export interface CandidateMember {
  id: string;
  /** null: not a user or group of this subscription. */
  type: MemberType | null;
  alreadyMember: boolean;
  /** Adding it would make the group contain itself (directly or through nested groups). */
  createsCycle: boolean;
  /** Adding it would make a chain of nested groups longer than MAX_NESTED_GROUPS. */
  nestsTooDeep: boolean;
}

export interface MemberToRemove {
  id: string;
  isMember: boolean;
}

export type GroupCommand =
  | {
      type: 'CreateGroup';
      subscription: string;
      groupId: string;
      displayName: string;
      externalId: string | null;
      members: CandidateMember[];
      at: string;
    }
  | {
      type: 'ChangeGroup';
      groupId: string;
      displayName?: string;
      /** null clears it; undefined leaves it. */
      externalId?: string | null;
      add: CandidateMember[];
      remove: MemberToRemove[];
      at: string;
    }
  | { type: 'DeleteGroup'; groupId: string; at: string };

/** The group without its members: membership is kept in an index the handler asks. */
export type GroupState =
  | { status: 'absent' }
  | {
      status: 'present';
      subscription: string;
      groupId: string;
      displayName: string;
      externalId: string | null;
    }
  | { status: 'deleted'; subscription: string; groupId: string };

function membersToAdd(groupId: string, candidates: CandidateMember[]): GroupMember[] {
  const unknown = candidates.filter((c) => c.type === null).map((c) => c.id);
  if (unknown.length > 0) throw new UnknownMembersError(unknown);
  const cycle = candidates.find((c) => c.id === groupId || c.createsCycle);
  if (cycle) throw new GroupCycleError(groupId, cycle.id);
  const deep = candidates.find((c) => c.nestsTooDeep);
  if (deep) throw new GroupNestingTooDeepError(groupId, deep.id, MAX_NESTED_GROUPS);
  const seen = new Set<string>();
  const added: GroupMember[] = [];
  for (const candidate of candidates) {
    // seed of Entra's behaviour: adding a present member changes nothing and is not an error.
    if (candidate.alreadyMember || seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    added.push({ id: candidate.id, type: candidate.type as MemberType });
  }
  return added;
}

function checkDisplayName(displayName: string): void {
  if (displayName.trim() === '') throw new InvalidGroupError('displayName is required');
}

export const groupDecider: Decider<GroupCommand, GroupEvent, GroupState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateGroup': {
        if (state.status !== 'absent') throw new GroupAlreadyExistsError(command.groupId);
        const { subscription, groupId, displayName, externalId, at } = command;
        checkDisplayName(displayName);
        const members = membersToAdd(groupId, command.members);
        const events: GroupEvent[] = [
          { type: 'GroupCreated', data: { subscription, groupId, displayName, externalId, at } },
        ];
        if (members.length > 0)
          events.push({ type: 'GroupMembersAdded', data: { subscription, groupId, members, at } });
        return events;
      }
      case 'ChangeGroup': {
        if (state.status !== 'present') throw new GroupNotFoundError(command.groupId);
        const { subscription, groupId } = state;
        const { at } = command;
        const events: GroupEvent[] = [];
        const displayName = command.displayName ?? state.displayName;
        const externalId = command.externalId === undefined ? state.externalId : command.externalId;
        checkDisplayName(displayName);
        if (displayName !== state.displayName || externalId !== state.externalId)
          events.push({
            type: 'GroupDetailsChanged',
            data: { subscription, groupId, displayName, externalId, at },
          });
        // Removing an absent member changes nothing and is not an error.
        const memberIds = [...new Set(command.remove.filter((m) => m.isMember).map((m) => m.id))];
        if (memberIds.length > 0)
          events.push({
            type: 'GroupMembersRemoved',
            data: { subscription, groupId, memberIds, reason: 'requested', at },
          });
        const members = membersToAdd(groupId, command.add);
        if (members.length > 0)
          events.push({ type: 'GroupMembersAdded', data: { subscription, groupId, members, at } });
        return events;
      }
      case 'DeleteGroup': {
        if (state.status !== 'present') throw new GroupNotFoundError(command.groupId);
        const { subscription, groupId, displayName } = state;
        return [{ type: 'GroupDeleted', data: { subscription, groupId, displayName, at: command.at } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'GroupCreated':
      case 'GroupDetailsChanged': {
        const { subscription, groupId, displayName, externalId } = event.data;
        return { status: 'present', subscription, groupId, displayName, externalId };
      }
      case 'GroupMembersAdded':
      case 'GroupMembersRemoved':
        return state;
      case 'GroupDeleted':
        return { status: 'deleted', subscription: event.data.subscription, groupId: event.data.groupId };
      default:
        return assertNever(event);
    }
  },
};
