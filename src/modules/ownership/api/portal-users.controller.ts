import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { DomainError } from '../../../platform/es/domain-event';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { DisableUserCommand } from '../../identity/contracts/user.commands';
import { GetUserAsOfQuery } from '../../identity/contracts/user-as-of.query';
import { parseAsOf } from '../../../platform/http/query-instant';
import { DecideHeirQuery } from '../contracts/ownership.queries';
import { OwnershipReader } from '../infrastructure/ownership.reader';
import { DisablePreviewResponse, PortalUserAsOfResponse, PortalUserResponse } from './ownership.responses';
import { PortalUserView } from './portal-user.view';
import { requireSubscription } from '../../subscription/contracts/require-subscription';

/** The portal's view of a user: profile, roles, what it owns; and the disable door of the portal. */
@ApiTags('Users (portal)')
@ApiExtraModels(PortalUserResponse, PortalUserAsOfResponse)
@AdminController('subscriptions')
export class PortalUsersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
    private readonly view: PortalUserView,
  ) {}

  /** With `asOf`: the user as it was then (audit), from its events; without: the live view. */
  @Get(':name/users/:id')
  @ApiOperation({
    summary: 'Show a user as the portal sees it',
    description:
      'Without asOf: the live user (profile, manager, active), its roles in the subscription, the ' +
      'resources it owns and the permissions it holds. With asOf: the user as it was at that moment ' +
      '(audit time travel), folded from its events recorded up to then: profile, manager and active ' +
      'state only.',
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'SCIM `id` of the user.',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    type: String,
    format: 'date-time',
    description: 'An ISO-8601 date-time with a time zone (Z or ±hh:mm).',
    example: '2025-01-31T23:59:59Z',
  })
  @ApiOkResponse({
    description: 'The live user (PortalUserResponse), or with asOf the past user (PortalUserAsOfResponse).',
    schema: {
      oneOf: [{ $ref: getSchemaPath(PortalUserResponse) }, { $ref: getSchemaPath(PortalUserAsOfResponse) }],
    },
  })
  @ApiAdminError(400, 'asOf is not an ISO-8601 date-time with a time zone, or is in the future.')
  @ApiAdminError(
    404,
    'No subscription with this name, or no such user (deleted users included); with asOf: the user ' +
      'did not exist at that moment.',
  )
  async user(
    @Param('name') name: string,
    @Param('id') id: string,
    @Query('asOf') asOf?: string,
  ): Promise<PortalUserResponse | PortalUserAsOfResponse> {
    if (asOf !== undefined) return this.userAsOf(name, id, asOf);
    return this.view.live(await requireSubscription(this.queryBus, name), id);
  }

  private async userAsOf(name: string, id: string, asOf: string): Promise<PortalUserAsOfResponse> {
    const moment = parseAsOf(asOf);
    const sub = await requireSubscription(this.queryBus, name);
    const user = await this.queryBus.execute(new GetUserAsOfQuery(sub, id, moment));
    if (!user)
      throw new DomainError(
        'user.not-found',
        `user ${id} did not exist in subscription ${sub} at ${moment.toISOString()}`,
        'not-found',
      );
    return {
      id: user.userId,
      subscription: sub,
      asOf: user.asOf,
      active: user.active,
      profile: user.profile,
      managerId: user.managerId,
      version: user.revision,
    };
  }

  @Get(':name/users/:id/disable-preview')
  @ApiOperation({
    summary: 'Preview disabling a user',
    description:
      "Applies the disable-user rule without changing anything: who would inherit the user's " +
      'resources, permissions and roles, and by which branch (another company owner, a company owner ' +
      'for the subscription owner, the manager, the subscription owner), or why a disable would be ' +
      'refused (e.g. the only company owner). Lists what the user holds now and what handovers ' +
      'still running are bringing to it.',
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'SCIM `id` of the user.',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @ApiOkResponse({ description: 'The decision of the rule.', type: DisablePreviewResponse })
  @ApiAdminError(404, 'No subscription with this name, or no such user.')
  async preview(@Param('name') name: string, @Param('id') id: string): Promise<DisablePreviewResponse> {
    const sub = await requireSubscription(this.queryBus, name);
    const user = await this.view.requireUser(sub, id);
    if (!user.active) return { userId: id, outcome: 'already-disabled' };
    const decision = await this.queryBus.execute(new DecideHeirQuery(sub, id, user.managerId));
    // Also what pending handovers are still bringing to it: its disable moves that too.
    return { userId: id, ...decision, items: this.reader.heldOrIncoming(sub, id) };
  }

  @Post(':name/users/:id/disable')
  @ApiOperation({
    summary: "Disable a user (the portal's disable)",
    description:
      'Disables the user as a SCIM active: false would, and starts the handover the disable-user rule ' +
      'decides: its resources and permissions move to the heir; a company owner stops being one; the ' +
      'subscription owner role moves to a company owner. The only company owner cannot be disabled ' +
      '(409) until another company owner is assigned; nor can the subscription owner when no other ' +
      'active company owner exists, nor a user who owns something when it has no active manager and ' +
      'there is no subscription owner. Disabling a disabled user changes nothing. The items and roles ' +
      'move in the background, after the answer: follow them with ownership-transfers.',
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'SCIM `id` of the user.',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @ApiOkResponse({ description: 'The user after the disable (live view).', type: PortalUserResponse })
  @ApiAdminError(404, 'No subscription with this name, or no such user.')
  @ApiAdminError(
    409,
    'The disable-user rule refused: the user is the only company owner, or the subscription owner with ' +
      'no other active company owner, or owns items with no active manager and no subscription ' +
      'owner; the message says which role to assign first. Also a concurrent change: retry.',
  )
  @HttpCode(200)
  async disable(
    @Param('name') name: string,
    @Param('id') id: string,
    @AdminCommandContext() context: CommandContext,
  ): Promise<PortalUserResponse> {
    const sub = await requireSubscription(this.queryBus, name);
    await this.view.requireUser(sub, id);
    const result = await this.commandBus.execute(new DisableUserCommand(sub, id, context));
    await this.readModel.waitFor(result.position);
    return this.view.live(sub, id);
  }
}
