import { SubscriptionEventType } from './subscription.events';

/** Current schema version of each event type; bump it together with an upcaster. */
export const SUBSCRIPTION_EVENT_VERSIONS: Record<SubscriptionEventType, number> = {
  SubscriptionCreated: 1,
  ScimTokenIssued: 1,
  ScimTokenRevoked: 1,
  // 2: required attributes named by profile attribute, not SCIM path (subscription.upcasters.ts).
  ProvisioningPolicyChanged: 2,
  SubscriptionOwnerAssigned: 1,
  CompanyOwnerAdded: 1,
  CompanyOwnerRemoved: 1,
};
