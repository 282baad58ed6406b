import { DomainEvent, eventOf } from '../../../platform/es/domain-event';
import { ProvisioningPolicy } from './provisioning-policy';
import { CompanyOwnerRemovalReason } from './subscription-roles';

/** Event types of the subscription stream (`subscription-<name>`). */
export const SubscriptionEventTypes = {
  SubscriptionCreated: 'SubscriptionCreated',
  ScimTokenIssued: 'ScimTokenIssued',
  ScimTokenRevoked: 'ScimTokenRevoked',
  ProvisioningPolicyChanged: 'ProvisioningPolicyChanged',
  SubscriptionOwnerAssigned: 'SubscriptionOwnerAssigned',
  CompanyOwnerAdded: 'CompanyOwnerAdded',
  CompanyOwnerRemoved: 'CompanyOwnerRemoved',
} as const;

export type SubscriptionEventType = (typeof SubscriptionEventTypes)[keyof typeof SubscriptionEventTypes];

export interface SubscriptionCreatedData {
  name: string;
  companyName: string;
  at: string;
}

export interface ScimTokenIssuedData {
  tokenId: string;
  /** sha256 hex of the token's secret part; the secret itself is never stored. */
  secretHash: string;
  description: string | null;
  expiresAt: string | null;
  at: string;
}

export interface ScimTokenRevokedData {
  tokenId: string;
  at: string;
}

export interface ProvisioningPolicyChangedData extends ProvisioningPolicy {
  at: string;
}

export interface SubscriptionOwnerAssignedData {
  userId: string;
  /** The owner replaced; null for the first assignment. */
  previousOwnerId: string | null;
  at: string;
}

export interface CompanyOwnerAddedData {
  userId: string;
  /** Also the company owner's `since`. */
  at: string;
}

export interface CompanyOwnerRemovedData {
  userId: string;
  reason: CompanyOwnerRemovalReason;
  at: string;
}

export type SubscriptionEvent =
  | DomainEvent<'SubscriptionCreated', SubscriptionCreatedData>
  | DomainEvent<'ScimTokenIssued', ScimTokenIssuedData>
  | DomainEvent<'ScimTokenRevoked', ScimTokenRevokedData>
  | DomainEvent<'ProvisioningPolicyChanged', ProvisioningPolicyChangedData>
  | DomainEvent<'SubscriptionOwnerAssigned', SubscriptionOwnerAssignedData>
  | DomainEvent<'CompanyOwnerAdded', CompanyOwnerAddedData>
  | DomainEvent<'CompanyOwnerRemoved', CompanyOwnerRemovedData>;

const SUBSCRIPTION_EVENT_TYPE_SET: ReadonlySet<string> = new Set(Object.values(SubscriptionEventTypes));

/** A stored event as a SubscriptionEvent; undefined when it is not one. */
export const subscriptionEventOf = (recorded: {
  type: string;
  data: object;
}): SubscriptionEvent | undefined => eventOf<SubscriptionEvent>(recorded, SUBSCRIPTION_EVENT_TYPE_SET);

export { SUBSCRIPTION_EVENT_VERSIONS } from './subscription.event-versions';
