import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../../../platform/es/domain-event';
import { GetSubscriptionQuery } from '../../subscription/contracts/subscription.queries';

/** The subscription's stream id (its name), or 404 before anything is read. */
export async function requireSubscription(queryBus: QueryBus, name: string): Promise<string> {
  const subscription = await queryBus.execute(new GetSubscriptionQuery(name.toLowerCase()));
  if (!subscription)
    throw new DomainError('subscription.not-found', `subscription ${name} not found`, 'not-found');
  return subscription.name;
}
