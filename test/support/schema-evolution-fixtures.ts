import { randomUUID } from 'node:crypto';
import { resourceStream } from '../../src/modules/ownership/contracts/ownership.events';
import { NewEvent } from '../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { RunningApp, startApp } from './e2e-app';
import { ownershipApi } from './ownership-fixtures';
import {
  ScimUser,
  Tenant,
  createTenant,
  provision,
  reconnect,
  uniqueSubscriptionName,
} from './scim-fixtures';

/** The app started on a store holding a ResourceCreated at version 1 (see startOnV1ResourceCreated). */
export interface LegacyResourceStore {
  running: RunningApp;
  tenant: Tenant;
  /** Owns the legacy resource. */
  owner: ScimUser;
  /** The subscription owner: the heir of the owner's items. */
  heir: ScimUser;
  /** The id of the resource created at version 1. */
  legacyId: string;
}

/**
 * Schema evolution: a ResourceCreated stored at version 1 (field `type`, as the code wrote it until
 * v2) in a real SQLite store, then the app started on it. The event is written raw into the store
 * while the app is stopped: exactly the bytes the v1 code appended.
 */
export async function startOnV1ResourceCreated(): Promise<LegacyResourceStore> {
  const legacyId = randomUUID();
  const first = await startApp();
  let tenant = await createTenant(first, uniqueSubscriptionName('evo'));
  const owner = await provision(tenant);
  const heir = await provision(tenant);
  await ownershipApi(first.admin, tenant.name).setOwner(heir.id);
  await first.close({ keepData: true });

  // Written raw, straight into the store: exactly the bytes the v1 code appended.
  const store = await SqliteEventStore.open({ dataDir: first.dataDir });
  const v1: NewEvent = {
    id: randomUUID(),
    type: 'ResourceCreated',
    data: {
      subscription: tenant.name,
      resourceId: legacyId,
      type: 'report',
      name: 'legacy report',
      ownerId: owner.id,
      at: new Date().toISOString(),
    },
    metadata: {
      schemaVersion: 1,
      correlationId: 'legacy-request',
      causationId: null,
      actor: 'admin',
      timestamp: new Date().toISOString(),
    },
  };
  await store.append(resourceStream(tenant.name, legacyId), [v1], 'no_stream');
  await store.close();

  const running = await startApp({}, first.dataDir);
  tenant = reconnect(running, tenant);
  return { running, tenant, owner, heir, legacyId };
}
