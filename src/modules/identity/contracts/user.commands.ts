import { Command } from '@nestjs/cqrs';
import { Position } from '../../../platform/event-store/position';
import { CommandContext } from '../../../platform/es/command-context';
import { UserProfile } from './user-profile';

export interface UserWriteResult {
  userId: string;
  /** Stream revision after the write: the resource version. */
  revision: number;
  /** Position of the last event written; null when nothing changed. */
  position: Position | null;
  /** The user as this write left it, for an answer that need not wait for the read model. */
  written?: WrittenUserState;
}

/** A user after a write that stored events (provision or change). */
export interface WrittenUserState {
  profile: UserProfile;
  active: boolean;
  managerId: string | null;
  /** metadata.timestamp of the write's events: the user's lastModified (and created, if new). */
  recordedAt: string;
}

export class ProvisionUserCommand extends Command<UserWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly profile: UserProfile,
    readonly active: boolean,
    readonly managerId: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Brings a user to the given state (SCIM PUT or PATCH result); only the differences become events. */
export class ChangeUserCommand extends Command<UserWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly profile: UserProfile,
    readonly active: boolean,
    readonly managerId: string | null,
    readonly context: CommandContext,
    /** Refuse (StaleRevisionError) unless the user is at this revision. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/**
 * A portal admin's edit of the profile: a JSON merge patch of the profile (validated by Identity;
 * an invalid one is refused naming the key). Not sent to Entra: its next change of an attribute
 * overwrites the edit of that attribute (one-way sync).
 */
export class EditUserProfileCommand extends Command<UserWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly edit: unknown,
    readonly context: CommandContext,
    /** Refuse (StaleRevisionError) unless the user is at this revision. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

export class DeleteUserCommand extends Command<UserWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/** Disables a user from the portal side: the same rule and refusal as a SCIM disable. */
export class DisableUserCommand extends Command<UserWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
