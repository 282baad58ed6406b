import { RunningApp } from '../support/e2e-app';
import { HistoryView, auditApi, parseNdjson, sleep } from '../support/audit-fixtures';
import { ResourceView, ownershipApi } from '../support/ownership-fixtures';
import { startOnV1ResourceCreated } from '../support/schema-evolution-fixtures';
import { ScimUser, Tenant, patchUser } from '../support/scim-fixtures';

/**
 * Schema evolution: a ResourceCreated stored at version 1 (field `type`, as the code wrote it until
 * v2) sits in a real SQLite store; every reader sees the v2 shape (`resourceType`). The repository
 * itself, asked from inside the app, is checked in test/integration/event-schema-evolution.spec.ts.
 */
describe('audit: an old-version event is read in the current shape by every reader', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let owner: ScimUser;
  let heir: ScimUser;
  let legacyId: string;

  beforeAll(async () => {
    ({ running, tenant, owner, heir, legacyId } = await startOnV1ResourceCreated());
  });
  afterAll(async () => {
    await running?.close();
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
