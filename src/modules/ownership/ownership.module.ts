import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** Resources and administrator permissions held by users; the disable-user transfer saga. */
@Module({
  imports: [CqrsModule],
})
export class OwnershipModule {}
