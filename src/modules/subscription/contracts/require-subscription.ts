import { QueryBus } from '@nestjs/cqrs';
import { SubscriptionNotFoundError } from './subscription-not-found.error';
import { GetSubscriptionQuery } from './subscription.queries';

/** For other modules' admin routes: the subscription's name, or 404 before anything else is read. */
export async function requireSubscription(queryBus: QueryBus, name: string): Promise<string> {
  const subscription = await queryBus.execute(new GetSubscriptionQuery(name.toLowerCase()));
  if (!subscription) throw new SubscriptionNotFoundError(name);
  return subscription.name;
}
