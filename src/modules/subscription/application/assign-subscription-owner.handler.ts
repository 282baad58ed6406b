import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AssignSubscriptionOwnerCommand,
  SubscriptionRolesWriteResult,
} from '../contracts/subscription-roles.commands';
import { existingSubscriptionName } from '../domain/subscription-name';
import { SubscriptionRolesWriter } from './subscription-roles.writer';

@CommandHandler(AssignSubscriptionOwnerCommand)
export class AssignSubscriptionOwnerHandler implements ICommandHandler<AssignSubscriptionOwnerCommand> {
  constructor(private readonly writer: SubscriptionRolesWriter) {}

  async execute(command: AssignSubscriptionOwnerCommand): Promise<SubscriptionRolesWriteResult> {
    const { userId, context } = command;
    const subscription = existingSubscriptionName(command.subscription);
    const userStatus = await this.writer.userStatus(subscription, userId);
    const at = new Date().toISOString();
    return this.writer.write(
      subscription,
      { type: 'AssignSubscriptionOwner', subscription, userId, userStatus, at },
      context,
    );
  }
}
