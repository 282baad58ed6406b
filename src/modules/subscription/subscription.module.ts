import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/** Subscriptions (tenants), their owner and company owners, SCIM API tokens. */
@Module({
  imports: [CqrsModule],
})
export class SubscriptionModule {}
