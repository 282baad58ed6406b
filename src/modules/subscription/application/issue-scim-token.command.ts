import { Command } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';

/** The only moment the token is known in clear: it is returned once and stored hashed. */
export interface IssuedScimToken {
  id: string;
  token: string;
  tenantUrl: string;
  description: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export class IssueScimTokenCommand extends Command<IssuedScimToken> {
  constructor(
    readonly subscription: string,
    readonly description: string | null,
    /** ISO-8601; null or undefined: never expires. */
    readonly expiresAt: string | null | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
