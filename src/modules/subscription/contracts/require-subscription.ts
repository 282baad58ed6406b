import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../../../platform/es/domain-event';
import { GetSubscriptionQuery } from './subscription.queries';

/** For other modules' admin routes: the subscription's name, or 404 before anything else is read. */
export async function requireSubscription(queryBus: QueryBus, name: string): Promise<string> {
  const subscription = await queryBus.execute(new GetSubscriptionQuery(name.toLowerCase()));
  if (!subscription)
    throw new DomainError('subscription.not-found', `subscription ${name} not found`, 'not-found');
  return subscription.name;
}
