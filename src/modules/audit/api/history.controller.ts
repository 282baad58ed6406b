import { applyDecorators, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../platform/es/domain-event';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { AUDITED_STREAMS, AuditedEntity } from '../application/audited-streams';
import { requireSubscription } from '../../subscription/contracts/require-subscription';
import { subscriptionStream } from '../../subscription/contracts/subscription-stream';
import { StreamHistory } from '../application/stream-history';
import { HistoryPageResponse } from './audit.responses';
import { HistoryPageDto } from './history-page.dto';
import { WaitsForAnsweredWritesItself } from '../../../platform/http/read-your-writes.guard';

const DEFAULT_PAGE = 100;

/** OpenAPI only: the documentation of one history route. */
function ApiHistory(entity: string, events: string, id: { description: string; example: string }) {
  return applyDecorators(
    ApiOperation({
      summary: `History of ${entity}`,
      description:
        `Every event of the stream of ${entity} (${events}), in order, a page at a time: what ` +
        'happened, when, who caused it (actor) and from which request (correlationId). Data is shown ' +
        'in its current shape (upcast). Page with fromRevision and limit; `next` is the fromRevision ' +
        'of the following page, null at the end.',
    }),
    ApiSubscriptionName(),
    ApiParam({ name: 'id', ...id }),
    ApiOkResponse({ description: `A page of the events of ${entity}.`, type: HistoryPageResponse }),
    ApiAdminError(400, 'fromRevision or limit is not an integer in range.'),
    ApiAdminError(404, `No subscription with this name, or ${entity} with no event in it.`),
  );
}

/** Every event of one entity's stream, in order, a page at a time: what was sent, by whom, when. */
// The log's history, not the read model's (the subscription it checks is written by the admin API,
// whose writes wait for the read model): no wait for writes answered ahead of it.
@WaitsForAnsweredWritesItself()
@ApiTags('Audit')
@AdminController('subscriptions')
export class HistoryController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly history: StreamHistory,
  ) {}

  @Get(':name/users/:id/history')
  @ApiHistory('a user', 'provisioning, profile and manager changes, disable, enable, delete', {
    description: 'SCIM `id` of the user (deleted users included).',
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  user(
    @Param('name') name: string,
    @Param('id') id: string,
    @Query() page: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    return this.read('user', name, id, page);
  }

  @Get(':name/groups/:id/history')
  @ApiHistory('a group', 'creation, displayName and externalId changes, members added and removed, delete', {
    description: 'SCIM `id` of the group (deleted groups included).',
    example: 'f648f8d5-ea3e-4e2b-8b5c-0e2c8a1a2b3c',
  })
  group(
    @Param('name') name: string,
    @Param('id') id: string,
    @Query() page: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    return this.read('group', name, id, page);
  }

  @Get(':name/resources/:id/history')
  @ApiHistory('a resource', 'creation, ownership transfers', {
    description: 'Id of the resource.',
    example: '5b1f7f0e-3f2a-4c8e-9a57-2f1b3b0c6d11',
  })
  resource(
    @Param('name') name: string,
    @Param('id') id: string,
    @Query() page: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    return this.read('resource', name, id, page);
  }

  @Get(':name/permissions/:id/history')
  @ApiHistory('a permission', 'grant, transfers', {
    description: 'Id of the administrator permission.',
    example: 'c7d2a9e4-1b6f-4f0a-8d3e-6a5b4c3d2e1f',
  })
  permission(
    @Param('name') name: string,
    @Param('id') id: string,
    @Query() page: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    return this.read('permission', name, id, page);
  }

  @Get(':name/ownership-transfers/:id/history')
  @ApiHistory('an ownership transfer', 'start, completion', {
    description: 'Id of the ownership transfer.',
    example: 'e3b0c442-98fc-4c14-9afb-f4c8996fb924',
  })
  transfer(
    @Param('name') name: string,
    @Param('id') id: string,
    @Query() page: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    return this.read('transfer', name, id, page);
  }

  @Get(':name/history')
  @ApiOperation({
    summary: 'History of the subscription',
    description:
      'Every event of the subscription itself, in order, a page at a time: its creation, SCIM tokens ' +
      'issued and revoked, provisioning policy changes, the subscription owner and company owners ' +
      'assigned and removed (by an admin, or by the disable-user saga). Same page shape as the ' +
      "entities' histories; `id` is the subscription name.",
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'A page of the events of the subscription.', type: HistoryPageResponse })
  @ApiAdminError(400, 'fromRevision or limit is not an integer in range.')
  @ApiAdminError(404, 'No subscription with this name.')
  async subscription(
    @Param('name') name: string,
    @Query() page: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    const subscription = await requireSubscription(this.queryBus, name);
    return this.readStream(
      'subscription',
      subscription,
      subscription,
      subscriptionStream(subscription),
      page,
    );
  }

  private async read(
    entity: AuditedEntity,
    name: string,
    id: string,
    query: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    const subscription = await requireSubscription(this.queryBus, name);
    return this.readStream(entity, subscription, id, AUDITED_STREAMS[entity](subscription, id), query);
  }

  private async readStream(
    entity: AuditedEntity | 'subscription',
    subscription: string,
    id: string,
    stream: string,
    query: HistoryPageDto,
  ): Promise<HistoryPageResponse> {
    const fromRevision = query.fromRevision ?? 0;
    const page = await this.history.page(stream, fromRevision, query.limit ?? DEFAULT_PAGE);
    if (!page)
      throw new DomainError(
        `${entity}.not-found`,
        `${entity} ${id} has no events in subscription ${subscription}`,
        'not-found',
      );
    return { subscription, entity, id, stream, fromRevision, events: page.events, next: page.next };
  }
}
