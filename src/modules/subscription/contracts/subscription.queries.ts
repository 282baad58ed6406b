import { Query } from '@nestjs/cqrs';
import { ProvisioningPolicy } from './provisioning-policy';
import { SubscriptionRoles } from './subscription-roles';
import { ScimTokenPrincipal, SubscriptionView } from './subscription.views';

/** Runs on every SCIM request: null when the token is malformed, unknown, revoked or expired. */
export class ValidateScimTokenQuery extends Query<ScimTokenPrincipal | null> {
  constructor(readonly token: string) {
    super();
  }
}

/**
 * Whose token a presented one claims to be, whatever its secret or state (revoked, expired): for
 * the provisioning log of a refused request. null when its id names no token. Never authenticates.
 */
export class GetScimTokenOwnerQuery extends Query<ScimTokenPrincipal | null> {
  constructor(readonly token: string) {
    super();
  }
}

/** null when no subscription has that name. */
export class GetSubscriptionQuery extends Query<SubscriptionView | null> {
  constructor(readonly name: string) {
    super();
  }
}

/** The policy in force (the default when never changed); null when the subscription does not exist. */
export class GetProvisioningPolicyQuery extends Query<ProvisioningPolicy | null> {
  constructor(readonly name: string) {
    super();
  }
}

/** Every subscription, by name. */
export class ListSubscriptionsQuery extends Query<SubscriptionView[]> {}

/**
 * The subscription owner and company owners, folded from the subscription's own stream: never
 * behind a write, so a disable can be decided on it. null when the subscription does not exist.
 */
export class GetSubscriptionRolesQuery extends Query<SubscriptionRoles | null> {
  constructor(readonly subscription: string) {
    super();
  }
}
