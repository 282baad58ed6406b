import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AddCompanyOwnerCommand,
  SubscriptionRolesWriteResult,
} from '../contracts/subscription-roles.commands';
import { SubscriptionRolesWriter } from './subscription-roles.writer';

@CommandHandler(AddCompanyOwnerCommand)
export class AddCompanyOwnerHandler implements ICommandHandler<AddCompanyOwnerCommand> {
  constructor(private readonly writer: SubscriptionRolesWriter) {}

  execute(command: AddCompanyOwnerCommand): Promise<SubscriptionRolesWriteResult> {
    return this.writer.grant('AddCompanyOwner', command);
  }
}
