import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { GetUserStatusQuery } from '../../identity/contracts/user.queries';
import { GrantPermissionCommand, OwnershipWriteResult } from '../contracts/ownership.commands';
import { permissionStream } from '../contracts/ownership.events';
import { permissionDecider } from '../domain/permission.decider';

@CommandHandler(GrantPermissionCommand)
export class GrantPermissionHandler implements ICommandHandler<GrantPermissionCommand, OwnershipWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly queryBus: QueryBus,
    private readonly decisions: TenantDecisionLock,
  ) {}

  // Only an active user may receive it: decided one at a time with the subscription's disables.
  execute(cmd: GrantPermissionCommand): Promise<OwnershipWriteResult> {
    return this.decisions.run(cmd.subscription, () => this.decide(cmd));
  }

  private async decide(cmd: GrantPermissionCommand): Promise<OwnershipWriteResult> {
    const holderStatus = await this.queryBus.execute(new GetUserStatusQuery(cmd.subscription, cmd.holderId));
    const result = await this.repository.execute(
      permissionStream(cmd.subscription, cmd.permissionId),
      permissionDecider,
      {
        type: 'Grant',
        subscription: cmd.subscription,
        permissionId: cmd.permissionId,
        permission: cmd.permission,
        holderId: cmd.holderId,
        holderStatus,
        at: new Date().toISOString(),
      },
      cmd.context,
    );
    return { id: cmd.permissionId, position: result.position };
  }
}
