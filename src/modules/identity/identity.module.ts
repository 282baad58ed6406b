import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** Users and groups of a subscription: profile, manager, active state, memberships. */
@Module({
  imports: [CqrsModule],
})
export class IdentityModule {}
