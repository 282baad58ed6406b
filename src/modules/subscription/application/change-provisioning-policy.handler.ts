import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { ProvisioningPolicy } from '../contracts/provisioning-policy';
import { existingSubscriptionName } from '../domain/subscription-name';
import { subscriptionStream } from '../domain/subscription-stream';
import { subscriptionDecider } from '../domain/subscription.decider';
import { ChangeProvisioningPolicyCommand } from '../contracts/provisioning-policy.commands';

@CommandHandler(ChangeProvisioningPolicyCommand)
export class ChangeProvisioningPolicyHandler implements ICommandHandler<ChangeProvisioningPolicyCommand> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModel: ReadModel,
  ) {}

  async execute(command: ChangeProvisioningPolicyCommand): Promise<ProvisioningPolicy> {
    const subscription = existingSubscriptionName(command.subscription);
    const result = await this.repository.execute(
      subscriptionStream(subscription),
      subscriptionDecider,
      {
        type: 'ChangeProvisioningPolicy',
        subscription,
        requiredUserAttributes: command.requiredUserAttributes,
        synchronizeDisabledUsers: command.synchronizeDisabledUsers,
        at: new Date().toISOString(),
      },
      command.context,
    );
    await this.readModel.waitFor(result.position);
    if (result.state.status !== 'active') throw new Error(`subscription ${subscription} vanished`);
    return result.state.policy;
  }
}
