import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { normalizeSubscriptionName } from '../domain/subscription-name';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';
import { ListScimTokensQuery } from './list-scim-tokens.query';
import { ScimTokenView, toScimTokenView } from './subscription-view.mapper';

@QueryHandler(ListScimTokensQuery)
export class ListScimTokensHandler implements IQueryHandler<ListScimTokensQuery> {
  constructor(private readonly store: SubscriptionReadStore) {}

  async execute(query: ListScimTokensQuery): Promise<ScimTokenView[] | null> {
    const name = normalizeSubscriptionName(query.subscription);
    if (name === null || !this.store.exists(name)) return null;
    const now = new Date();
    return this.store.tokens(name).map((row) => toScimTokenView(row, now));
  }
}
