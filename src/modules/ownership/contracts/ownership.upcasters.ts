import { JsonObject } from '../../../platform/event-store/event-store.port';
import { Upcaster } from '../../../platform/es/event-schema-registry';

/** ResourceCreated v1 -> v2: `type` (the resource's kind) is renamed `resourceType`. */
export const resourceCreatedV1ToV2: Upcaster = {
  eventType: 'ResourceCreated',
  fromVersion: 1,
  upcast({ type, ...rest }: JsonObject): JsonObject {
    const { subscription, resourceId, ...others } = rest;
    // Same key order as the v2 writer, so an upcast event and a new one serialise alike.
    return { subscription, resourceId, resourceType: type, ...others };
  },
};

/**
 * OwnershipTransferCompleted v1 -> v2: `rolesNotMoved` (a role change the rules refused) is new;
 * v1 did not record refusals (they were logged only), so none is known: [].
 */
export const transferCompletedV1ToV2: Upcaster = {
  eventType: 'OwnershipTransferCompleted',
  fromVersion: 1,
  upcast({ at, ...rest }: JsonObject): JsonObject {
    // Same key order as the v2 writer.
    return { ...rest, rolesNotMoved: [], at };
  },
};

/** Every upcaster of Ownership's events, registered when the module starts. */
export const OWNERSHIP_UPCASTERS: readonly Upcaster[] = [resourceCreatedV1ToV2, transferCompletedV1ToV2];
