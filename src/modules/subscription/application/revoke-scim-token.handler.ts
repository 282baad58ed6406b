import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { existingSubscriptionName } from '../domain/subscription-name';
import { subscriptionStream } from '../domain/subscription-stream';
import { subscriptionDecider } from '../domain/subscription.decider';
import { RevokeScimTokenCommand } from './revoke-scim-token.command';

@CommandHandler(RevokeScimTokenCommand)
export class RevokeScimTokenHandler implements ICommandHandler<RevokeScimTokenCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModel: ReadModel,
  ) {}

  async execute(command: RevokeScimTokenCommand): Promise<void> {
    const subscription = existingSubscriptionName(command.subscription);
    const result = await this.repository.execute(
      subscriptionStream(subscription),
      subscriptionDecider,
      { type: 'RevokeScimToken', subscription, tokenId: command.tokenId, at: new Date().toISOString() },
      command.context,
    );
    // Once answered, the token guard must refuse the token.
    await this.readModel.waitFor(result.position);
  }
}
