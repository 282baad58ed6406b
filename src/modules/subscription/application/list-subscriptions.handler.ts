import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../../platform/config/app-config';
import { ListSubscriptionsQuery } from '../contracts/subscription.queries';
import { SubscriptionView } from '../contracts/subscription.views';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';
import { toSubscriptionView } from './subscription-view.mapper';

@QueryHandler(ListSubscriptionsQuery)
export class ListSubscriptionsHandler implements IQueryHandler<ListSubscriptionsQuery> {
  constructor(
    private readonly store: SubscriptionReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(): Promise<SubscriptionView[]> {
    return this.store
      .subscriptions(new Date())
      .map((row) => toSubscriptionView(row, this.config.publicBaseDomain));
  }
}
