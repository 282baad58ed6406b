import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../platform/config/app-config';
import { GetSubscriptionQuery } from '../contracts/subscription.queries';
import { SubscriptionView } from '../contracts/subscription.views';
import { normalizeSubscriptionName } from '../domain/subscription-name';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';
import { toSubscriptionView } from './subscription-view.mapper';

@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery> {
  constructor(
    private readonly store: SubscriptionReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(query: GetSubscriptionQuery): Promise<SubscriptionView | null> {
    const name = normalizeSubscriptionName(query.name);
    const row = name === null ? undefined : this.store.subscription(name, new Date());
    if (!row) return null;
    return toSubscriptionView(row, this.store.companyOwners(row.name), this.config.publicBaseDomain);
  }
}
