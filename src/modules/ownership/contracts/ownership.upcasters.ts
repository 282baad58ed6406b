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

/** Every upcaster of Ownership's events, registered when the module starts. */
export const OWNERSHIP_UPCASTERS: readonly Upcaster[] = [resourceCreatedV1ToV2];
