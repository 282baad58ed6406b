import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventsExportController } from './api/events-export.controller';
import { GroupAsOfController } from './api/group-as-of.controller';
import { HistoryController } from './api/history.controller';
import { GroupAsOf } from './application/group-as-of';
import { StreamHistory } from './application/stream-history';

/**
 * Read-only audit: entity histories, past states and the log export. Reads the event log through
 * the EventStore port and other modules' contracts only; owns no table and writes no event.
 */
@Module({
  imports: [CqrsModule],
  controllers: [HistoryController, GroupAsOfController, EventsExportController],
  providers: [StreamHistory, GroupAsOf],
})
export class AuditModule {}
