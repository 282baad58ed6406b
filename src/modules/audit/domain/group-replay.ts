import { assertNever } from '../../../platform/es/domain-event';
import { GroupEvent, GroupMember, MemberType } from '../../identity/contracts/group.events';

/** A group as it was at one moment, members included. */
export interface GroupAtTime {
  subscription: string;
  groupId: string;
  displayName: string;
  externalId: string | null;
  members: GroupMember[];
  /** Revision of the last event folded. */
  revision: number;
}

/**
 * Folds a group's events, members included (Identity's group decider leaves membership to an
 * index, so audit replays it here). A mutable accumulator rather than a pure evolve: copying a
 * large member set at every event would make a full fold quadratic.
 */
export class GroupReplay {
  private status: 'absent' | 'present' | 'deleted' = 'absent';
  private subscription = '';
  private groupId = '';
  private displayName = '';
  private externalId: string | null = null;
  /** Insertion order: members are listed in the order they joined. */
  private readonly members = new Map<string, MemberType>();
  private revision = -1;

  apply(event: GroupEvent, revision: number): void {
    this.revision = revision;
    switch (event.type) {
      case 'GroupCreated':
      case 'GroupDetailsChanged':
        this.status = 'present';
        this.subscription = event.data.subscription;
        this.groupId = event.data.groupId;
        this.displayName = event.data.displayName;
        this.externalId = event.data.externalId;
        return;
      case 'GroupMembersAdded':
        for (const member of event.data.members) this.members.set(member.id, member.type);
        return;
      case 'GroupMembersRemoved':
        for (const id of event.data.memberIds) this.members.delete(id);
        return;
      case 'GroupDeleted':
        this.status = 'deleted';
        this.members.clear();
        return;
      default:
        assertNever(event);
    }
  }

  /** null when the group did not exist (not yet created, or deleted). */
  current(): GroupAtTime | null {
    if (this.status !== 'present') return null;
    return {
      subscription: this.subscription,
      groupId: this.groupId,
      displayName: this.displayName,
      externalId: this.externalId,
      members: [...this.members].map(([id, type]) => ({ id, type })),
      revision: this.revision,
    };
  }
}
