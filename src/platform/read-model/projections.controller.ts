import { Get, HttpCode, Post } from '@nestjs/common';
import { AdminController } from '../http/admin/admin-controller.decorator';
import { ReadModelStatusView } from './read-model-status';
import { ReadModel } from './read-model.service';
import { RebuildStatus } from './rebuild/read-model-rebuild';

/** Operators' view of the read model: positions and lag; a rebuild from the log without downtime. */
@AdminController('projections')
export class ProjectionsController {
  constructor(private readonly readModel: ReadModel) {}

  @Get()
  status(): Promise<ReadModelStatusView> {
    return this.readModel.status();
  }

  /** 202: the rebuild runs in the background; GET /projections shows its progress. */
  @Post('rebuild')
  @HttpCode(202)
  rebuild(): { rebuildId: string; status: RebuildStatus } {
    const rebuild = this.readModel.rebuild();
    return { rebuildId: rebuild.id, status: rebuild.view().status };
  }
}
