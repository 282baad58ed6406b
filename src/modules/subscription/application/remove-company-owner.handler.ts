import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  RemoveCompanyOwnerCommand,
  SubscriptionRolesWriteResult,
} from '../contracts/subscription-roles.commands';
import { SubscriptionRolesWriter } from './subscription-roles.writer';

/** Any status of the user (the one being disabled, too); see SubscriptionRolesWriter.removeCompanyOwner. */
@CommandHandler(RemoveCompanyOwnerCommand)
export class RemoveCompanyOwnerHandler implements ICommandHandler<RemoveCompanyOwnerCommand> {
  constructor(private readonly writer: SubscriptionRolesWriter) {}

  execute(command: RemoveCompanyOwnerCommand): Promise<SubscriptionRolesWriteResult> {
    return this.writer.removeCompanyOwner(command);
  }
}
