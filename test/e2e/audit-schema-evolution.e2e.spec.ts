import { randomUUID } from 'node:crypto';
import { resourceStream } from '../../src/modules/ownership/contracts/ownership.events';
import { EventSourcedRepository } from '../../src/platform/es/event-sourced-repository';
import { DomainEvent } from '../../src/platform/es/domain-event';
import { NewEvent } from '../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { RunningApp, startApp } from '../support/e2e-app';
import { HistoryView, auditApi, parseNdjson, sleep } from '../support/audit-fixtures';
import { ResourceView, ownershipApi } from '../support/ownership-fixtures';
import {
  ScimUser,
  Tenant,
  createTenant,
  patchUser,
  provision,
  reconnect,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * Schema evolution: a ResourceCreated stored at version 1 (field `type`, as the code wrote it until
 * v2) sits in a real SQLite store; every reader sees the v2 shape (`resourceType`).
 */
describe('audit: an old-version event is read in the current shape by every reader', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let owner: ScimUser;
  let heir: ScimUser;
  const legacyId = randomUUID();

  beforeAll(async () => {
    const first = await startApp();
    tenant = await createTenant(first, uniqueSubscriptionName('evo'));
    owner = await provision(tenant);
    heir = await provision(tenant);
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

    running = await startApp({}, first.dataDir);
    tenant = reconnect(running, tenant);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('the repository loads it as v2', async () => {
    const seen: DomainEvent[] = [];
    await running.app.get(EventSourcedRepository).load(resourceStream(tenant.name, legacyId), {
      initialState: null,
      evolve: (_state: null, event: DomainEvent) => {
        seen.push(event);
        return null;
      },
    });
    expect(seen).toEqual([
      {
        type: 'ResourceCreated',
        data: expect.objectContaining({ resourceType: 'report', name: 'legacy report', ownerId: owner.id }),
      },
    ]);
    expect(seen[0].data).not.toHaveProperty('type');
  });

  it('the projection (through the runner) lists it with its type', async () => {
    const api = ownershipApi(running.admin, tenant.name);
    // After a restart the read model catches up in the background.
    let listed: ResourceView[] = [];
    for (let i = 0; i < 200 && listed.length === 0; i++) {
      const response = await running.admin.get(api.url(`/resources?ownerId=${owner.id}`));
      listed = (response.body as { resources: ResourceView[] }).resources;
      if (listed.length === 0) await sleep(10);
    }
    expect(listed).toEqual([
      expect.objectContaining({ id: legacyId, type: 'report', name: 'legacy report' }),
    ]);
  });

  it('the history API shows the v2 shape and says it was stored as v1', async () => {
    const response = await auditApi(running.admin, tenant.name).history('resources', legacyId);
    expect(response.status).toBe(200);
    const [event] = (response.body as HistoryView).events;
    expect(event).toMatchObject({
      type: 'ResourceCreated',
      schemaVersion: 2,
      storedSchemaVersion: 1,
      correlationId: 'legacy-request',
      data: { resourceType: 'report', name: 'legacy report' },
    });
    expect(event.data).not.toHaveProperty('type');
  });

  it('the saga moves it (process manager + repository) when its owner is disabled', async () => {
    const api = ownershipApi(running.admin, tenant.name);
    await patchUser(tenant, owner.id, { op: 'replace', path: 'active', value: false });
    const transfer = await api.waitForTransfer(owner.id);
    expect(transfer.items.resources).toEqual([legacyId]);
    expect((await api.holdings(heir.id)).resources).toContain(legacyId);
  });

  it('the export keeps the fact as stored: v1, field `type`', async () => {
    const lines = parseNdjson((await running.admin.get('/admin/v1/events')).text);
    expect(
      lines.find((line) => line.data.resourceId === legacyId && line.type === 'ResourceCreated'),
    ).toMatchObject({
      data: { type: 'report' },
      metadata: { schemaVersion: 1 },
    });
  });
});
