import { Command } from '@nestjs/cqrs';
import { Position } from '../../../platform/event-store/position';
import { CommandContext } from '../../../platform/es/command-context';

export interface OwnershipWriteResult {
  id: string;
  position: Position | null;
}

export class CreateResourceCommand extends Command<OwnershipWriteResult> {
  constructor(
    readonly subscription: string,
    readonly resourceId: string,
    readonly type: string,
    readonly name: string,
    readonly ownerId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class GrantPermissionCommand extends Command<OwnershipWriteResult> {
  constructor(
    readonly subscription: string,
    readonly permissionId: string,
    readonly permission: string,
    readonly holderId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** An admin takes a permission away from its holder (whoever holds it now). */
export class RevokePermissionCommand extends Command<OwnershipWriteResult> {
  constructor(
    readonly subscription: string,
    readonly permissionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** An admin deletes a resource (whoever owns it now). */
export class DeleteResourceCommand extends Command<OwnershipWriteResult> {
  constructor(
    readonly subscription: string,
    readonly resourceId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
