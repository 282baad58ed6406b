import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../../../platform/es/domain-event';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { AUDITED_STREAMS, AuditedEntity } from '../application/audited-streams';
import { requireSubscription } from '../application/require-subscription';
import { StreamHistory } from '../application/stream-history';
import { HistoryPageDto } from './history-page.dto';

const DEFAULT_PAGE = 100;

/** Every event of one entity's stream, in order, a page at a time: what was sent, by whom, when. */
@AdminController('subscriptions')
export class HistoryController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly history: StreamHistory,
  ) {}

  @Get(':name/users/:id/history')
  user(@Param('name') name: string, @Param('id') id: string, @Query() page: HistoryPageDto) {
    return this.read('user', name, id, page);
  }

  @Get(':name/groups/:id/history')
  group(@Param('name') name: string, @Param('id') id: string, @Query() page: HistoryPageDto) {
    return this.read('group', name, id, page);
  }

  @Get(':name/resources/:id/history')
  resource(@Param('name') name: string, @Param('id') id: string, @Query() page: HistoryPageDto) {
    return this.read('resource', name, id, page);
  }

  @Get(':name/permissions/:id/history')
  permission(@Param('name') name: string, @Param('id') id: string, @Query() page: HistoryPageDto) {
    return this.read('permission', name, id, page);
  }

  @Get(':name/ownership-transfers/:id/history')
  transfer(@Param('name') name: string, @Param('id') id: string, @Query() page: HistoryPageDto) {
    return this.read('transfer', name, id, page);
  }

  private async read(entity: AuditedEntity, name: string, id: string, query: HistoryPageDto) {
    const subscription = await requireSubscription(this.queryBus, name);
    const stream = AUDITED_STREAMS[entity](subscription, id);
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
