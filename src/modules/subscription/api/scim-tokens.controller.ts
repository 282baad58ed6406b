import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { IssueScimTokenCommand, IssuedScimToken } from '../application/issue-scim-token.command';
import { ListScimTokensQuery } from '../application/list-scim-tokens.query';
import { RevokeScimTokenCommand } from '../application/revoke-scim-token.command';
import { ScimTokenView } from '../application/subscription-view.mapper';
import { SubscriptionNotFoundError } from '../domain/subscription.errors';
import { IssueScimTokenDto } from './issue-scim-token.dto';

@AdminController('subscriptions')
export class ScimTokensController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':name/scim-tokens')
  issue(
    @Param('name') name: string,
    @Body() body: IssueScimTokenDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<IssuedScimToken> {
    return this.commands.execute(
      new IssueScimTokenCommand(name, body.description ?? null, body.expiresAt, context),
    );
  }

  @Get(':name/scim-tokens')
  async list(@Param('name') name: string): Promise<{ tokens: ScimTokenView[] }> {
    const tokens = await this.queries.execute(new ListScimTokensQuery(name));
    if (!tokens) throw new SubscriptionNotFoundError(name);
    return { tokens };
  }

  @Delete(':name/scim-tokens/:id')
  @HttpCode(204)
  async revoke(
    @Param('name') name: string,
    @Param('id') id: string,
    @AdminCommandContext() context: CommandContext,
  ): Promise<void> {
    await this.commands.execute(new RevokeScimTokenCommand(name, id, context));
  }
}
