import { DomainEvent } from '../../../platform/es/domain-event';
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
export type UserDisabled = DomainEvent<'UserDisabled', UserRef>;
export type UserEnabled = DomainEvent<'UserEnabled', UserRef>;
export type UserDeleted = DomainEvent<'UserDeleted', UserRef & { userName: string }>;

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

export function userStream(subscription: string, userId: string): string {
  return `user-${subscription}-${userId}`;
}
