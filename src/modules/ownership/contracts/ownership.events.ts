import { DomainEvent, eventOf } from '../../../platform/es/domain-event';
import { HeirRule } from './heir-decision';

interface Ref {
  subscription: string;
  at: string;
}

/**
 * v2 (schema evolution): the resource's kind is `resourceType`; v1 called it `type`, which every
 * generic reader (history, NDJSON export, jq) confused with the event's own `type`.
 */
export type ResourceCreated = DomainEvent<
  'ResourceCreated',
  Ref & { resourceId: string; resourceType: string; name: string; ownerId: string }
>;
export type ResourceOwnershipTransferred = DomainEvent<
  'ResourceOwnershipTransferred',
  Ref & { resourceId: string; fromUserId: string; toUserId: string; transferId: string; rule: HeirRule }
>;
export type PermissionGranted = DomainEvent<
  'PermissionGranted',
  Ref & { permissionId: string; permission: string; holderId: string }
>;
export type PermissionTransferred = DomainEvent<
  'PermissionTransferred',
  Ref & { permissionId: string; fromUserId: string; toUserId: string; transferId: string; rule: HeirRule }
>;
/** An admin deleted the resource; a deleted resource is no one's and moves no more. */
export type ResourceDeleted = DomainEvent<
  'ResourceDeleted',
  Ref & { resourceId: string; resourceType: string; name: string; ownerId: string }
>;
/** An admin took the permission away; a revoked permission is no one's and moves no more. */
export type PermissionRevoked = DomainEvent<
  'PermissionRevoked',
  Ref & { permissionId: string; permission: string; holderId: string }
>;
export type OwnershipTransferStarted = DomainEvent<
  'OwnershipTransferStarted',
  Ref & {
    transferId: string;
    fromUserId: string;
    toUserId: string;
    rule: HeirRule;
    /** What made the user go: a disable (SCIM or admin) or a SCIM DELETE. */
    trigger: 'disabled' | 'deleted';
    takesSubscriptionOwnership: boolean;
    removesCompanyOwnership: boolean;
  }
>;
/** A role change a transfer was to make: the heir becomes subscription owner, the user stops being a company owner. */
export type TransferRole = 'subscription-owner' | 'company-owner-removed';

/** A role change the rules refused when the transfer came to it (the heir disabled since, an owner an admin assigned since). */
export interface RoleNotMoved {
  role: TransferRole;
  /** The refusal, as the rules worded it. */
  reason: string;
}

export type OwnershipTransferCompleted = DomainEvent<
  'OwnershipTransferCompleted',
  // v2: rolesNotMoved (v1 events read as []).
  Ref & { transferId: string; resources: number; permissions: number; rolesNotMoved: RoleNotMoved[] }
>;

export type ResourceEvent = ResourceCreated | ResourceOwnershipTransferred | ResourceDeleted;
export type PermissionEvent = PermissionGranted | PermissionTransferred | PermissionRevoked;
export type TransferEvent = OwnershipTransferStarted | OwnershipTransferCompleted;
export type OwnershipEvent = ResourceEvent | PermissionEvent | TransferEvent;

export const OWNERSHIP_EVENT_VERSIONS: Record<OwnershipEvent['type'], number> = {
  ResourceCreated: 2,
  ResourceOwnershipTransferred: 1,
  ResourceDeleted: 1,
  PermissionGranted: 1,
  PermissionTransferred: 1,
  PermissionRevoked: 1,
  OwnershipTransferStarted: 1,
  OwnershipTransferCompleted: 2,
};

export const OWNERSHIP_EVENT_TYPES = Object.keys(OWNERSHIP_EVENT_VERSIONS) as OwnershipEvent['type'][];
const OWNERSHIP_EVENT_TYPE_SET: ReadonlySet<string> = new Set(OWNERSHIP_EVENT_TYPES);

/** A stored event as an OwnershipEvent; undefined when it is not one. */
export const ownershipEventOf = (recorded: { type: string; data: object }): OwnershipEvent | undefined =>
  eventOf<OwnershipEvent>(recorded, OWNERSHIP_EVENT_TYPE_SET);

// '_' cannot occur in a subscription name (a DNS label): stream names are unambiguous.
export const resourceStream = (subscription: string, resourceId: string): string =>
  `resource-${subscription}_${resourceId}`;
export const permissionStream = (subscription: string, permissionId: string): string =>
  `permission-${subscription}_${permissionId}`;
export const transferStream = (subscription: string, transferId: string): string =>
  `transfer-${subscription}_${transferId}`;
