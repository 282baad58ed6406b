import { BadRequestException, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../../../platform/es/domain-event';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { parseInstant } from '../../identity/contracts/user-as-of.query';
import { GroupAsOf } from '../application/group-as-of';
import { requireSubscription } from '../application/require-subscription';

/** A group with its members, from the event log: now, or as it was at `asOf`. */
@AdminController('subscriptions')
export class GroupAsOfController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly groups: GroupAsOf,
  ) {}

  @Get(':name/groups/:id')
  async group(@Param('name') name: string, @Param('id') id: string, @Query('asOf') asOf?: string) {
    const moment = asOf === undefined ? undefined : parseInstant(asOf);
    if (moment === null)
      throw new BadRequestException(
        `asOf must be an ISO-8601 date-time with a zone, e.g. 2025-01-31T23:59:59Z; got "${asOf}"`,
      );
    const subscription = await requireSubscription(this.queryBus, name);
    const group = await this.groups.group(subscription, id, moment);
    if (!group)
      throw new DomainError(
        'group.not-found',
        moment
          ? `group ${id} did not exist in subscription ${subscription} at ${moment.toISOString()}`
          : `group ${id} not found in subscription ${subscription}`,
        'not-found',
      );
    return {
      id: group.groupId,
      subscription,
      asOf: moment?.toISOString() ?? null,
      displayName: group.displayName,
      externalId: group.externalId,
      members: group.members,
      memberCount: group.members.length,
      version: group.revision,
    };
  }
}
