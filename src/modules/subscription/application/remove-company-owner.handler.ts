import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  RemoveCompanyOwnerCommand,
  SubscriptionRolesWriteResult,
} from '../contracts/subscription-roles.commands';
import { existingSubscriptionName } from '../domain/subscription-name';
import { SubscriptionRolesWriter } from './subscription-roles.writer';

/** No question to Identity: a user of any status (the one being disabled, too) can stop being a company owner. */
@CommandHandler(RemoveCompanyOwnerCommand)
export class RemoveCompanyOwnerHandler implements ICommandHandler<RemoveCompanyOwnerCommand> {
  constructor(private readonly writer: SubscriptionRolesWriter) {}

  async execute(command: RemoveCompanyOwnerCommand): Promise<SubscriptionRolesWriteResult> {
    const { userId, context } = command;
    const subscription = existingSubscriptionName(command.subscription);
    const at = new Date().toISOString();
    return this.writer.write(
      subscription,
      { type: 'RemoveCompanyOwner', subscription, userId, reason: command.reason, at },
      context,
    );
  }
}
