import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../platform/config/app-config';
import { ListSubscriptionsQuery } from '../contracts/subscription.queries';
import { SubscriptionView } from '../contracts/subscription.views';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';
import { CompanyOwnerRow } from '../infrastructure/subscription.tables';
import { toSubscriptionView } from './subscription-view.mapper';

@QueryHandler(ListSubscriptionsQuery)
export class ListSubscriptionsHandler implements IQueryHandler<ListSubscriptionsQuery> {
  constructor(
    private readonly store: SubscriptionReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(): Promise<SubscriptionView[]> {
    const owners = new Map<string, CompanyOwnerRow[]>();
    for (const owner of this.store.allCompanyOwners()) {
      const list = owners.get(owner.subscription);
      if (list) list.push(owner);
      else owners.set(owner.subscription, [owner]);
    }
    return this.store
      .subscriptions(new Date())
      .map((row) => toSubscriptionView(row, owners.get(row.name) ?? [], this.config.publicBaseDomain));
  }
}
