import { BadRequestException, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../../../platform/es/domain-event';
import { CommandContext } from '../../../platform/es/command-context';
import { AdminCommandContext } from '../../../platform/http/admin/admin-context.decorator';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { DisableUserCommand } from '../../identity/contracts/user.commands';
import { GetUserAsOfQuery, parseInstant } from '../../identity/contracts/user-as-of.query';
import { GetUserQuery, UserView } from '../../identity/contracts/user.queries';
import { GetSubscriptionRolesQuery } from '../../subscription/contracts/subscription.queries';
import { DecideHeirQuery } from '../contracts/ownership.queries';
import { OwnershipReader } from '../infrastructure/ownership.reader';
import { requireSubscription } from './subscription-exists';

/** The portal's view of a user: profile, roles, what it owns; and the disable door of the portal. */
@AdminController('subscriptions')
export class PortalUsersController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
  ) {}

  /** With `asOf`: the user as it was then (audit), from its events; without: the live view. */
  @Get(':name/users/:id')
  async user(@Param('name') name: string, @Param('id') id: string, @Query('asOf') asOf?: string) {
    if (asOf !== undefined) return this.userAsOf(name, id, asOf);
    const sub = await requireSubscription(this.queryBus, name);
    const user = await this.requireUser(sub, id);
    const roles = await this.queryBus.execute(new GetSubscriptionRolesQuery(sub));
    const companyOwner = roles?.companyOwners.find((o) => o.userId === id);
    await this.readModel.waitForHead();
    return {
      id: user.userId,
      subscription: sub,
      active: user.active,
      profile: user.profile,
      managerId: user.managerId,
      version: user.revision,
      roles: {
        subscriptionOwner: roles?.subscriptionOwner === id,
        companyOwner: companyOwner !== undefined,
        ...(companyOwner ? { companyOwnerSince: companyOwner.since } : {}),
      },
      resources: this.reader.resources(sub, id),
      permissions: this.reader.permissions(sub, id),
    };
  }

  private async userAsOf(name: string, id: string, asOf: string) {
    const moment = parseInstant(asOf);
    if (!moment)
      throw new BadRequestException(
        `asOf must be an ISO-8601 date-time with a zone, e.g. 2025-01-31T23:59:59Z; got "${asOf}"`,
      );
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
  async preview(@Param('name') name: string, @Param('id') id: string) {
    const sub = await requireSubscription(this.queryBus, name);
    const user = await this.requireUser(sub, id);
    if (!user.active) return { userId: id, outcome: 'already-disabled' };
    const decision = await this.queryBus.execute(new DecideHeirQuery(sub, id, user.managerId));
    const held = this.reader.heldBy(sub, id);
    return { userId: id, ...decision, items: held };
  }

  @Post(':name/users/:id/disable')
  @HttpCode(200)
  async disable(
    @Param('name') name: string,
    @Param('id') id: string,
    @AdminCommandContext() context: CommandContext,
  ) {
    const sub = await requireSubscription(this.queryBus, name);
    await this.requireUser(sub, id);
    const result = await this.commandBus.execute(new DisableUserCommand(sub, id, context));
    await this.readModel.waitFor(result.position);
    return this.user(name, id);
  }

  private async requireUser(sub: string, id: string): Promise<UserView> {
    const user = await this.queryBus.execute(new GetUserQuery(sub, id));
    if (!user)
      throw new DomainError('user.not-found', `user ${id} not found in subscription ${sub}`, 'not-found');
    return user;
  }
}
