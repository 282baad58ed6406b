import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { DeleteResourceCommand, OwnershipWriteResult } from '../contracts/ownership.commands';
import { resourceStream } from '../contracts/ownership.events';
import { resourceDecider } from '../domain/resource.decider';

/**
 * Deletes on the resource's own stream: a transfer moving it meanwhile conflicts and is decided
 * again (a deleted resource moves no more), so no lock with the disables is needed.
 */
@CommandHandler(DeleteResourceCommand)
export class DeleteResourceHandler implements ICommandHandler<DeleteResourceCommand, OwnershipWriteResult> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute(cmd: DeleteResourceCommand): Promise<OwnershipWriteResult> {
    const result = await this.repository.execute(
      resourceStream(cmd.subscription, cmd.resourceId),
      resourceDecider,
      { type: 'Delete', resourceId: cmd.resourceId, at: new Date().toISOString() },
      cmd.context,
    );
    return { id: cmd.resourceId, position: result.position };
  }
}
