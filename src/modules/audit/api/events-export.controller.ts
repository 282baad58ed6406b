import { Readable } from 'node:stream';
import { Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { parsePosition } from '../../../platform/event-store/position';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { exportNdjson } from '../application/event-export';
import { ExportQueryDto } from './export-query.dto';

/** The whole log as NDJSON, streamed; resumable by passing the last position received. */
@AdminController('events')
export class EventsExportController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  export(@Query() query: ExportQueryDto, @Res() reply: FastifyReply): void {
    const after = query.fromPosition === undefined ? undefined : parsePosition(query.fromPosition);
    const chunks = exportNdjson(this.store, { after, limit: query.limit });
    // Fastify pipes the stream to the socket: the generator reads the next page only on demand,
    // and a client that goes away ends it.
    void reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(chunks));
  }
}
