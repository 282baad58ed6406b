import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { parseSubscriptionName } from '../domain/subscription-name';
import { subscriptionStream } from '../domain/subscription-stream';
import { subscriptionDecider } from '../domain/subscription.decider';
import { CreateSubscriptionCommand } from './create-subscription.command';

/**
 * The stream is new (expected revision no_stream): of two concurrent creates one append conflicts,
 * re-loads the other's stream and is refused by the decider (409).
 */
@CommandHandler(CreateSubscriptionCommand)
export class CreateSubscriptionHandler implements ICommandHandler<CreateSubscriptionCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModel: ReadModel,
  ) {}

  async execute({ name: raw, companyName, context }: CreateSubscriptionCommand): Promise<{ name: string }> {
    const name = parseSubscriptionName(raw);
    const at = new Date().toISOString();
    const result = await this.repository.execute(
      subscriptionStream(name),
      subscriptionDecider,
      { type: 'CreateSubscription', name, companyName, at },
      context,
    );
    await this.readModel.waitFor(result.position);
    return { name };
  }
}
