import { DEFAULT_PROVISIONING_POLICY, ProvisioningPolicy } from '../contracts/provisioning-policy';
import { SubscriptionView } from '../contracts/subscription.views';
import { ScimTokenStatus, scimTokenStatus } from '../domain/scim-token';
import { tenantUrl } from '../domain/tenant-url';
import { CompanyOwnerRow, ScimTokenRow, SubscriptionRow } from '../infrastructure/subscription.tables';

export interface ScimTokenView {
  id: string;
  description: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: ScimTokenStatus;
}

/** `companyOwners`: the subscription's rows, oldest first. */
export function toSubscriptionView(
  row: SubscriptionRow,
  companyOwners: readonly CompanyOwnerRow[],
  publicBaseDomain: string,
): SubscriptionView {
  return {
    name: row.name,
    companyName: row.company_name,
    createdAt: row.created_at,
    tenantUrl: tenantUrl(row.name, publicBaseDomain),
    subscriptionOwner: row.subscription_owner,
    companyOwners: companyOwners.map((owner) => ({ userId: owner.user_id, since: owner.since })),
    counts: { scimTokens: row.active_tokens },
  };
}

export function toPolicy(policyJson: string | null): ProvisioningPolicy {
  return policyJson === null ? DEFAULT_PROVISIONING_POLICY : (JSON.parse(policyJson) as ProvisioningPolicy);
}

/** Never the secret's hash: it is no one's business outside the token check. */
export function toScimTokenView(row: ScimTokenRow, now: Date): ScimTokenView {
  const token = { expiresAt: row.expires_at, revokedAt: row.revoked_at };
  return {
    id: row.token_id,
    description: row.description,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    status: scimTokenStatus(token, now),
  };
}
