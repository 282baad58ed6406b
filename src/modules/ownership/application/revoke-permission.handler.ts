import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { OwnershipWriteResult, RevokePermissionCommand } from '../contracts/ownership.commands';
import { permissionStream } from '../contracts/ownership.events';
import { permissionDecider } from '../domain/permission.decider';

/**
 * Revokes on the permission's own stream: a transfer moving it meanwhile conflicts and is decided
 * again (a revoked permission moves no more), so no lock with the disables is needed.
 */
@CommandHandler(RevokePermissionCommand)
export class RevokePermissionHandler implements ICommandHandler<
  RevokePermissionCommand,
  OwnershipWriteResult
> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute(cmd: RevokePermissionCommand): Promise<OwnershipWriteResult> {
    const result = await this.repository.execute(
      permissionStream(cmd.subscription, cmd.permissionId),
      permissionDecider,
      { type: 'Revoke', permissionId: cmd.permissionId, at: new Date().toISOString() },
      cmd.context,
    );
    return { id: cmd.permissionId, position: result.position };
  }
}
