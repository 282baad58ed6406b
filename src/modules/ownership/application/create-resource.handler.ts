import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { GetUserStatusQuery } from '../../identity/contracts/user.queries';
import { CreateResourceCommand, OwnershipWriteResult } from '../contracts/ownership.commands';
import { resourceStream } from '../contracts/ownership.events';
import { resourceDecider } from '../domain/resource.decider';

@CommandHandler(CreateResourceCommand)
export class CreateResourceHandler implements ICommandHandler<CreateResourceCommand, OwnershipWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly queryBus: QueryBus,
    private readonly decisions: TenantDecisionLock,
  ) {}

  // Only an active user may receive it: decided one at a time with the subscription's disables.
  execute(cmd: CreateResourceCommand): Promise<OwnershipWriteResult> {
    return this.decisions.run(cmd.subscription, () => this.decide(cmd));
  }

  private async decide(cmd: CreateResourceCommand): Promise<OwnershipWriteResult> {
    const ownerStatus = await this.queryBus.execute(new GetUserStatusQuery(cmd.subscription, cmd.ownerId));
    const result = await this.repository.execute(
      resourceStream(cmd.subscription, cmd.resourceId),
      resourceDecider,
      {
        type: 'Create',
        subscription: cmd.subscription,
        resourceId: cmd.resourceId,
        resourceType: cmd.type,
        name: cmd.name,
        ownerId: cmd.ownerId,
        ownerStatus,
        at: new Date().toISOString(),
      },
      cmd.context,
    );
    return { id: cmd.resourceId, position: result.position };
  }
}
