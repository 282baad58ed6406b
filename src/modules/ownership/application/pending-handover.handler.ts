import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { PendingHandoverQuery } from '../contracts/ownership.queries';
import { OwnershipReader } from '../infrastructure/ownership.reader';

@QueryHandler(PendingHandoverQuery)
export class PendingHandoverHandler implements IQueryHandler<
  PendingHandoverQuery,
  { heirId: string } | null
> {
  constructor(
    private readonly reader: OwnershipReader,
    private readonly readModel: ReadModel,
  ) {}

  async execute({ subscription, userId }: PendingHandoverQuery): Promise<{ heirId: string } | null> {
    // Includes the disable just acknowledged: its handover is pending from then on.
    await this.readModel.waitForHead();
    return this.reader.pendingHandoverFrom(subscription, userId) ?? null;
  }
}
