import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { GetUserStatusQuery } from '../../identity/contracts/user.queries';
import { CreateResourceCommand, OwnershipWriteResult } from '../contracts/ownership.commands';
import { resourceStream } from '../contracts/ownership.events';
import { resourceDecider } from '../domain/resource.decider';

@CommandHandler(CreateResourceCommand)
export class CreateResourceHandler implements ICommandHandler<CreateResourceCommand, OwnershipWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly queryBus: QueryBus,
  ) {}

  async execute(cmd: CreateResourceCommand): Promise<OwnershipWriteResult> {
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
