import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { SubscriptionRoles } from '../contracts/subscription-roles';
import { GetSubscriptionRolesQuery } from '../contracts/subscription.queries';
import { rolesOf } from '../domain/subscription-roles.rules';
import { normalizeSubscriptionName } from '../domain/subscription-name';
import { subscriptionStream } from '../domain/subscription-stream';
import { subscriptionDecider } from '../domain/subscription.decider';

/**
 * Folded from the subscription's own stream, not the read model: a disable is decided on it and
 * must see every role change already acknowledged, however far the projections lag. The stream
 * is small (tokens, policy changes, role changes), so the fold is cheap.
 */
@QueryHandler(GetSubscriptionRolesQuery)
export class GetSubscriptionRolesHandler implements IQueryHandler<GetSubscriptionRolesQuery> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute(query: GetSubscriptionRolesQuery): Promise<SubscriptionRoles | null> {
    const name = normalizeSubscriptionName(query.subscription);
    if (name === null) return null;
    const { state } = await this.repository.load(subscriptionStream(name), subscriptionDecider);
    return state.status === 'active' ? rolesOf(state) : null;
  }
}
