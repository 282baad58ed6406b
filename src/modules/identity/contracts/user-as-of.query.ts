import { Query } from '@nestjs/cqrs';
import { UserProfile } from './user-profile';

/** A user as it was at a past moment, folded from its events recorded up to then. */
export interface UserAsOfView {
  userId: string;
  subscription: string;
  profile: UserProfile;
  active: boolean;
  managerId: string | null;
  /** Revision of the last event folded: the version the user had at `asOf`. */
  revision: number;
  /** The moment asked for, ISO-8601 UTC. */
  asOf: string;
}

/** null when the user did not exist at `asOf` (not yet provisioned, or already deleted). */
export class GetUserAsOfQuery extends Query<UserAsOfView | null> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly asOf: Date,
  ) {
    super();
  }
}
