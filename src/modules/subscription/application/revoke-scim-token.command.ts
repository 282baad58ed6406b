import { Command } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';

/** Idempotent: revoking a revoked token succeeds without a new event. */
export class RevokeScimTokenCommand extends Command<void> {
  constructor(
    readonly subscription: string,
    readonly tokenId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
