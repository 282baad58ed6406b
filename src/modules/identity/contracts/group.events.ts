import { DomainEvent, eventOf } from '../../../platform/es/domain-event';

interface GroupRef {
  subscription: string;
  groupId: string;
  at: string;
}

export type MemberType = 'User' | 'Group';

export interface GroupMember {
  id: string;
  type: MemberType;
}

export type GroupCreated = DomainEvent<
  'GroupCreated',
  GroupRef & { displayName: string; externalId: string | null }
>;
export type GroupDetailsChanged = DomainEvent<
  'GroupDetailsChanged',
  GroupRef & { displayName: string; externalId: string | null }
>;
/** Only the members added: the event's size is the change, never the group. */
export type GroupMembersAdded = DomainEvent<'GroupMembersAdded', GroupRef & { members: GroupMember[] }>;
export type GroupMembersRemoved = DomainEvent<
  'GroupMembersRemoved',
  GroupRef & { memberIds: string[]; reason: 'requested' | 'member-deleted' }
>;
export type GroupDeleted = DomainEvent<'GroupDeleted', GroupRef & { displayName: string }>;

export type GroupEvent =
  GroupCreated | GroupDetailsChanged | GroupMembersAdded | GroupMembersRemoved | GroupDeleted;

export const GROUP_EVENT_VERSIONS: Record<GroupEvent['type'], number> = {
  GroupCreated: 1,
  GroupDetailsChanged: 1,
  GroupMembersAdded: 1,
  GroupMembersRemoved: 1,
  GroupDeleted: 1,
};

export const GROUP_EVENT_TYPES = Object.keys(GROUP_EVENT_VERSIONS) as GroupEvent['type'][];
const GROUP_EVENT_TYPE_SET: ReadonlySet<string> = new Set(GROUP_EVENT_TYPES);

/** A stored event as a GroupEvent; undefined when it is not one. */
export const groupEventOf = (recorded: { type: string; data: object }): GroupEvent | undefined =>
  eventOf<GroupEvent>(recorded, GROUP_EVENT_TYPE_SET);

/** '_' cannot occur in a subscription name (a DNS label): the stream name is unambiguous. */
export function groupStream(subscription: string, groupId: string): string {
  return `group-${subscription}_${groupId}`;
}
