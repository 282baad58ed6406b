import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { IssueScimTokenCommand } from '../application/issue-scim-token.command';
import { ListScimTokensQuery } from '../application/list-scim-tokens.query';
import { RevokeScimTokenCommand } from '../application/revoke-scim-token.command';
import { SubscriptionNotFoundError } from '../domain/subscription.errors';
import { IssueScimTokenDto } from './issue-scim-token.dto';
import { IssuedScimTokenResponse, ScimTokenListResponse } from './subscription.responses';

@ApiTags('SCIM tokens')
@AdminController('subscriptions')
export class ScimTokensController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':name/scim-tokens')
  @ApiOperation({
    summary: 'Issue a SCIM token',
    description:
      'Issues a bearer token for the SCIM endpoint of the subscription (Entra ID\'s "Secret Token"), ' +
      'optionally with a description and an expiry. The token is shown once, in this answer: only a ' +
      'hash of its secret is stored, so a lost token cannot be shown again (issue a new one and ' +
      'revoke the old). It is accepted from the next SCIM request on. A subscription can hold ' +
      'several tokens at once (rotation).',
  })
  @ApiSubscriptionName()
  @ApiCreatedResponse({
    description: 'The token, in clear for the only time, with the tenant URL to configure next to it.',
    type: IssuedScimTokenResponse,
  })
  @ApiAdminError(400, 'description is too long, or expiresAt is not an ISO-8601 date-time in the future.')
  @ApiAdminError(404, 'No subscription with this name.')
  issue(
    @Param('name') name: string,
    @Body() body: IssueScimTokenDto,
    @AdminCommandContext() context: CommandContext,
  ): Promise<IssuedScimTokenResponse> {
    return this.commands.execute(
      new IssueScimTokenCommand(name, body.description ?? null, body.expiresAt, context),
    );
  }

  @Get(':name/scim-tokens')
  @ApiOperation({
    summary: 'List SCIM tokens',
    description:
      'Every token issued for the subscription, oldest first, with its status (active, expired or ' +
      'revoked). Never the token itself nor its hash.',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'The tokens.', type: ScimTokenListResponse })
  @ApiAdminError(404, 'No subscription with this name.')
  async list(@Param('name') name: string): Promise<ScimTokenListResponse> {
    const tokens = await this.queries.execute(new ListScimTokensQuery(name));
    if (!tokens) throw new SubscriptionNotFoundError(name);
    return { tokens };
  }

  @Delete(':name/scim-tokens/:id')
  @ApiOperation({
    summary: 'Revoke a SCIM token',
    description:
      'Revokes the token: once answered, SCIM requests with it are refused (401). Revoking an ' +
      'already revoked token is not an error.',
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'The token id (16 hex digits), as issued and listed.',
    example: '9f86d081884c7d65',
  })
  @ApiNoContentResponse({ description: 'The token is revoked.' })
  @ApiAdminError(404, 'No subscription with this name, or the subscription has no token with this id.')
  @HttpCode(204)
  async revoke(
    @Param('name') name: string,
    @Param('id') id: string,
    @AdminCommandContext() context: CommandContext,
  ): Promise<void> {
    await this.commands.execute(new RevokeScimTokenCommand(name, id, context));
  }
}
