import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../platform/es/domain-event';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { parseAsOf } from '../../../platform/http/query-instant';
import { GroupAsOf } from '../application/group-as-of';
import { requireSubscription } from '../../subscription/contracts/require-subscription';
import { GroupAsOfResponse } from './audit.responses';

/** A group with its members, from the event log: now, or as it was at `asOf`. */
@ApiTags('Audit')
@AdminController('subscriptions')
export class GroupAsOfController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly groups: GroupAsOf,
  ) {}

  @Get(':name/groups/:id')
  @ApiOperation({
    summary: 'Show a group with its members, now or as of a moment',
    description:
      'The group rebuilt from its events: without asOf, as it is now; with asOf, as it was at that ' +
      'moment (audit time travel), from the events recorded up to then. Members are listed in full.',
  })
  @ApiSubscriptionName()
  @ApiParam({
    name: 'id',
    description: 'SCIM `id` of the group.',
    example: 'f648f8d5-ea3e-4e2b-8b5c-0e2c8a1a2b3c',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    type: String,
    format: 'date-time',
    description: 'An ISO-8601 date-time with a time zone (Z or ±hh:mm).',
    example: '2025-01-31T23:59:59Z',
  })
  @ApiOkResponse({ description: 'The group and its members.', type: GroupAsOfResponse })
  @ApiAdminError(400, 'asOf is not an ISO-8601 date-time with a time zone, or is in the future.')
  @ApiAdminError(
    404,
    'No subscription with this name, or no such group (deleted now; with asOf: not existing at that moment).',
  )
  async group(
    @Param('name') name: string,
    @Param('id') id: string,
    @Query('asOf') asOf?: string,
  ): Promise<GroupAsOfResponse> {
    const moment = asOf === undefined ? undefined : parseAsOf(asOf);
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
