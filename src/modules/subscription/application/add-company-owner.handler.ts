import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AddCompanyOwnerCommand,
  SubscriptionRolesWriteResult,
} from '../contracts/subscription-roles.commands';
import { existingSubscriptionName } from '../domain/subscription-name';
import { SubscriptionRolesWriter } from './subscription-roles.writer';

@CommandHandler(AddCompanyOwnerCommand)
export class AddCompanyOwnerHandler implements ICommandHandler<AddCompanyOwnerCommand> {
  constructor(private readonly writer: SubscriptionRolesWriter) {}

  async execute(command: AddCompanyOwnerCommand): Promise<SubscriptionRolesWriteResult> {
    const { userId, context } = command;
    const subscription = existingSubscriptionName(command.subscription);
    const userStatus = await this.writer.userStatus(subscription, userId);
    const at = new Date().toISOString();
    return this.writer.write(
      subscription,
      { type: 'AddCompanyOwner', subscription, userId, userStatus, at },
      context,
    );
  }
}
