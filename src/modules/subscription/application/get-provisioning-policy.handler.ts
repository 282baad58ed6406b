import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProvisioningPolicy } from '../contracts/provisioning-policy';
import { GetProvisioningPolicyQuery } from '../contracts/subscription.queries';
import { normalizeSubscriptionName } from '../domain/subscription-name';
import { SubscriptionReadStore } from '../infrastructure/subscription.read-store';
import { toPolicy } from './subscription-view.mapper';

@QueryHandler(GetProvisioningPolicyQuery)
export class GetProvisioningPolicyHandler implements IQueryHandler<GetProvisioningPolicyQuery> {
  constructor(private readonly store: SubscriptionReadStore) {}

  async execute(query: GetProvisioningPolicyQuery): Promise<ProvisioningPolicy | null> {
    const name = normalizeSubscriptionName(query.name);
    const row = name === null ? undefined : this.store.policyJson(name);
    return row ? toPolicy(row.policy_json) : null;
  }
}
