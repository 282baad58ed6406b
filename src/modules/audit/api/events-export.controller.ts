import { Readable } from 'node:stream';
import { Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { parsePosition } from '../../../platform/event-store/position';
import { AdminController, ApiAdminError } from '../../../platform/http/admin/admin-controller.decorator';
import { exportNdjson } from '../application/event-export';
import { EventExportLine } from './audit.responses';
import { ExportQueryDto } from './export-query.dto';
import { WaitsForAnsweredWritesItself } from '../../../platform/http/read-your-writes.guard';

const EXAMPLE_LINES = [
  {
    position: '1',
    stream: 'subscription-contoso',
    revision: 0,
    id: 'a4b3c2d1-0e9f-4a8b-9c7d-6e5f4a3b2c1d',
    type: 'SubscriptionCreated',
    data: { name: 'contoso', companyName: 'Contoso Ltd', at: '2025-01-15T09:00:00.000Z' },
    metadata: {
      schemaVersion: 1,
      correlationId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
      causationId: null,
      actor: 'admin',
      timestamp: '2025-01-15T09:00:00.000Z',
    },
  },
];

/** The whole log as NDJSON, streamed; resumable by passing the last position received. */
// The log itself: it never waits for the read model.
@WaitsForAnsweredWritesItself()
@ApiTags('Events export')
@ApiExtraModels(EventExportLine)
@AdminController('events', { answersDuringInitialReplay: true })
export class EventsExportController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @ApiOperation({
    summary: 'Export the event log as NDJSON',
    description:
      'Streams every event of the log, all subscriptions, in log order, as newline-delimited JSON ' +
      '(application/x-ndjson): one EventExportLine per line, the event exactly as stored (data not ' +
      'upcast; metadata.schemaVersion says its shape). Resumable: pass the position of the last line ' +
      'received as fromPosition. An empty body means there is nothing after fromPosition. Errors are ' +
      'JSON, answered before the stream starts.',
  })
  @ApiOkResponse({
    description:
      'The events, one JSON object per line; each line is an EventExportLine ' +
      `(${getSchemaPath(EventExportLine)}).`,
    content: {
      'application/x-ndjson': {
        schema: {
          type: 'string',
          description: 'Lines of JSON, each an EventExportLine, each ending with \\n.',
        },
        example: EXAMPLE_LINES.map((line) => `${JSON.stringify(line)}\n`).join(''),
      },
    },
  })
  @ApiAdminError(400, 'fromPosition is not a position (42 or 42:40), or limit is not an integer >= 1.')
  async export(@Query() query: ExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const after = query.fromPosition === undefined ? undefined : parsePosition(query.fromPosition);
    const chunks = exportNdjson(this.store, { after, limit: query.limit })[Symbol.asyncIterator]();
    // The first page is read before answering: a store that cannot be read gets the JSON error
    // (503) of every admin route, not an NDJSON answer whose body is an error object.
    const first = await chunks.next();
    async function* all() {
      try {
        if (first.done) return;
        yield first.value;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      } finally {
        // A client that went away ends the read too (an EventStoreDB read would stay open).
        await chunks.return(undefined);
      }
    }
    // Fastify pipes the stream to the socket: the generator reads the next page only on demand,
    // and a client that goes away ends it.
    void reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(all()));
  }
}
