import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AssignSubscriptionOwnerCommand,
  SubscriptionRolesWriteResult,
} from '../contracts/subscription-roles.commands';
import { SubscriptionRolesWriter } from './subscription-roles.writer';

@CommandHandler(AssignSubscriptionOwnerCommand)
export class AssignSubscriptionOwnerHandler implements ICommandHandler<AssignSubscriptionOwnerCommand> {
  constructor(private readonly writer: SubscriptionRolesWriter) {}

  execute(command: AssignSubscriptionOwnerCommand): Promise<SubscriptionRolesWriteResult> {
    return this.writer.grant('AssignSubscriptionOwner', command);
  }
}
