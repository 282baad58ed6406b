import { Command } from '@nestjs/cqrs';
import { Position } from '../../../platform/event-store/position';
import { CommandContext } from '../../../platform/es/command-context';

export interface GroupWriteResult {
  groupId: string;
  revision: number;
  /** Position of the last event written; null when nothing changed. */
  position: Position | null;
}

export class CreateGroupCommand extends Command<GroupWriteResult> {
  constructor(
    readonly subscription: string,
    readonly groupId: string,
    readonly displayName: string,
    readonly externalId: string | null,
    readonly memberIds: string[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A change as deltas: a group's member list is never sent or loaded whole, except for a replace. */
export interface GroupChange {
  displayName?: string;
  /** null clears it. */
  externalId?: string | null;
  addMemberIds: string[];
  removeMemberIds: string[];
  /** Set: the member list becomes exactly this (adds and removes are then ignored). */
  replaceMemberIds?: string[];
}

export class ChangeGroupCommand extends Command<GroupWriteResult> {
  constructor(
    readonly subscription: string,
    readonly groupId: string,
    readonly change: GroupChange,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

export class DeleteGroupCommand extends Command<GroupWriteResult> {
  constructor(
    readonly subscription: string,
    readonly groupId: string,
    readonly context: CommandContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
