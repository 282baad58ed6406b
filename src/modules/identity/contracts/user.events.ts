import { DomainEvent, eventOf } from '../../../platform/es/domain-event';
import { Handover } from '../../ownership/contracts/heir-decision';
import { UserProfile } from './user-profile';

interface UserRef {
  subscription: string;
  userId: string;
  at: string;
}

export type UserProvisioned = DomainEvent<
  'UserProvisioned',
  UserRef & { profile: UserProfile; active: boolean; managerId: string | null }
>;
/** The whole profile after the change: small, and projections need no merge logic. */
export type UserProfileChanged = DomainEvent<'UserProfileChanged', UserRef & { profile: UserProfile }>;
export type UserManagerAssigned = DomainEvent<'UserManagerAssigned', UserRef & { managerId: string }>;
export type UserManagerRemoved = DomainEvent<'UserManagerRemoved', UserRef & { previousManagerId: string }>;
/** Carries the decision taken when the disable was accepted: who inherits, by which rule (null: nothing to hand over). */
export type UserDisabled = DomainEvent<'UserDisabled', UserRef & { handover: Handover | null }>;
export type UserEnabled = DomainEvent<'UserEnabled', UserRef>;
/** A DELETE of an active user is a disable too: it carries the same decision. */
export type UserDeleted = DomainEvent<
  'UserDeleted',
  UserRef & { userName: string; handover: Handover | null }
>;

export type UserEvent =
  | UserProvisioned
  | UserProfileChanged
  | UserManagerAssigned
  | UserManagerRemoved
  | UserDisabled
  | UserEnabled
  | UserDeleted;

export const USER_EVENT_VERSIONS: Record<UserEvent['type'], number> = {
  UserProvisioned: 1,
  UserProfileChanged: 1,
  UserManagerAssigned: 1,
  UserManagerRemoved: 1,
  UserDisabled: 1,
  UserEnabled: 1,
  UserDeleted: 1,
};

export const USER_EVENT_TYPES = Object.keys(USER_EVENT_VERSIONS) as UserEvent['type'][];
const USER_EVENT_TYPE_SET: ReadonlySet<string> = new Set(USER_EVENT_TYPES);

/** A stored event as a UserEvent; undefined when it is not one. */
export const userEventOf = (recorded: { type: string; data: object }): UserEvent | undefined =>
  eventOf<UserEvent>(recorded, USER_EVENT_TYPE_SET);

/** '_' cannot occur in a subscription name (a DNS label): the stream name is unambiguous. */
export function userStream(subscription: string, userId: string): string {
  return `user-${subscription}_${userId}`;
}
