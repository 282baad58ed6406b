import { Command } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';

export class CreateSubscriptionCommand extends Command<{ name: string }> {
  constructor(
    readonly name: string,
    readonly companyName: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
