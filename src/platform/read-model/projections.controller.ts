import { Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminController, ApiAdminError } from '../http/admin/admin-controller.decorator';
import { WaitsForAnsweredWritesItself } from '../http/read-your-writes.guard';
import { ReadModelStatusResponse, RebuildStartedResponse } from './projections.responses';
import { ReadModel } from './read-model.service';

/** Operators' view of the read model: positions and lag; a rebuild from the log without downtime. */
@ApiTags('Projections')
// The status of a lagging or failed read model, without waiting for it.
@WaitsForAnsweredWritesItself()
@AdminController('projections', { answersDuringInitialReplay: true })
export class ProjectionsController {
  constructor(private readonly readModel: ReadModel) {}

  @Get()
  @ApiOperation({
    summary: 'Read model status',
    description:
      'For operators: the log head, each projection runner with its position, lag and status, and ' +
      'the running (or last) rebuild with its progress.',
  })
  @ApiOkResponse({ description: 'The status.', type: ReadModelStatusResponse })
  status(): Promise<ReadModelStatusResponse> {
    return this.readModel.status();
  }

  /** 202: the rebuild runs in the background; GET /projections shows its progress. */
  @Post('rebuild')
  @ApiOperation({
    summary: 'Rebuild the read model',
    description:
      'Starts rebuilding the read model from the event log, without downtime: the log is replayed ' +
      'into a scratch file while the live read model keeps serving, then the rebuilt tables are ' +
      'swapped in, in one transaction on a background thread. SCIM reads answer from the old tables ' +
      'until that transaction commits; writes acknowledged during the swap answer once it is done. ' +
      'Answers at once (202); GET /admin/v1/projections shows the progress. One rebuild at a time.',
  })
  @ApiAcceptedResponse({ description: 'The rebuild started.', type: RebuildStartedResponse })
  @ApiAdminError(409, 'A rebuild is still running: wait for it to finish.')
  @HttpCode(202)
  rebuild(): RebuildStartedResponse {
    const rebuild = this.readModel.rebuild();
    return { rebuildId: rebuild.id, status: rebuild.view().status };
  }
}
