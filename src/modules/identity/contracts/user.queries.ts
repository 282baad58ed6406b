import { Query } from '@nestjs/cqrs';
import { UserProfile } from './user-profile';

export type UserStatus = 'active' | 'disabled' | 'absent';

/** Whether a user exists in the subscription and is active ('absent' also for deleted users). */
export class GetUserStatusQuery extends Query<UserStatus> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
  ) {
    super();
  }
}

export interface UserView {
  userId: string;
  subscription: string;
  active: boolean;
  profile: UserProfile;
  managerId: string | null;
  /** Stream revision: the version of the user. */
  revision: number;
}

/** The user as Identity holds it (folded from its events); null when absent or deleted. */
export class GetUserQuery extends Query<UserView | null> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
  ) {
    super();
  }
}
