import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import { EsdbDouble } from '../support/esdb-double/esdb-double';
import { ownershipApi } from '../support/ownership-fixtures';
import {
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  filterQuery,
  getUser,
  listUsers,
  provision,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import { createGroup, entraGroup, uniqueGroupName } from '../support/scim-group-fixtures';

/**
 * The application on the EventStoreDB adapter (over gRPC, against the in-repo double): it appends
 * to one stream at a time, so creates claim their name's reservation first and append the new
 * stream after, where the SQLite store does both in one atomic append.
 */
describe('SCIM provisioning on EventStoreDB', () => {
  let double: EsdbDouble;
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    double = await EsdbDouble.start();
    running = await startApp({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: double.connectionString,
    });
    tenant = await createTenant(running);
  });

  afterAll(async () => {
    await running?.close();
    await double?.stop();
  });

  it('creates a user, reads it back at once and finds it by userName', async () => {
    const userName = `${unique('ada')}@contoso.test`;
    const created = await provision(tenant, { userName });
    expect(await getUser(tenant, created.id)).toMatchObject({ id: created.id, userName });
    const found = await listUsers(tenant, filterQuery(`userName eq "${userName.toUpperCase()}"`));
    expect(found.Resources.map((user) => user.id)).toEqual([created.id]);
  });

  it('refuses a userName taken in another case, and frees it when the holder is deleted', async () => {
    const userName = `${unique('grace')}@contoso.test`;
    const first = await provision(tenant, { userName });
    const taken = await tenant.scim.post('/scim/v2/Users', entraUser({ userName: userName.toUpperCase() }));
    expectScimError(taken, 409, 'uniqueness');

    expect((await tenant.scim.delete(`/scim/v2/Users/${first.id}`)).status).toBe(204);
    // The reservation stream exists now (claimed, then released): claimed again, then created.
    const again = await provision(tenant, { userName });
    expect(again.id).not.toBe(first.id);
    expect(await getUser(tenant, again.id)).toMatchObject({ userName });
  });

  it("refuses a second server on the same DATA_DIR (its read model, its saga): the store's lock does not cover it here", async () => {
    await expect(
      startApp(
        { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.connectionString },
        running.dataDir,
      ),
    ).rejects.toThrow(/DATA_DIR .* is already in use by another process/);
    // The running one is unaffected.
    expect(await provision(tenant)).toMatchObject({ id: expect.any(String) });
  });

  it('creates groups with unique displayNames', async () => {
    const displayName = uniqueGroupName();
    const group = await createGroup(tenant, { displayName });
    expect(group).toMatchObject({ displayName });
    const taken = await tenant.scim.post('/scim/v2/Groups', entraGroup({ displayName }));
    expectScimError(taken, 409, 'uniqueness');
  });

  it('rides out an EventStoreDB restart: writes answer 503 meanwhile, then everything works again without restarting the app', async () => {
    // The read model's and the saga's $all subscriptions end with the node; they used to stay
    // ended, so every write after the restart answered 503 or 500 until the app was restarted.
    const before = await provision(tenant);
    const restarted = double.restart(1500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A create too (its append starts with the client's own server-features call, whose raw
    // gRPC UNAVAILABLE used to answer 500), a group create, and an admin write: 503, Retry-After.
    for (const during of [
      await tenant.scim.post('/scim/v2/Users', entraUser()),
      await tenant.scim.post('/scim/v2/Groups', entraGroup({ displayName: uniqueGroupName() })),
    ]) {
      expectScimError(during, 503);
      expect(during.headers['retry-after']).toBe('5');
    }
    const admin = await running.admin.post('/admin/v1/subscriptions', {
      name: uniqueSubscriptionName('outage'),
      companyName: 'X',
    });
    expect({ status: admin.status, retryAfter: admin.headers['retry-after'] }).toEqual({
      status: 503,
      retryAfter: '5',
    });
    // The read model's runner is starting again by itself: "retrying", not "failed".
    const statuses = new Set<string>();
    for (let i = 0; i < 10 && !statuses.has('retrying'); i++) {
      const view = (await running.admin.get('/admin/v1/projections')).body as {
        runners: { status: string }[];
      };
      statuses.add(view.runners[0]!.status);
      if (!statuses.has('retrying')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(statuses).toContain('retrying');
    expect(statuses).not.toContain('failed');
    // The export's 503 is the admin JSON error, not an NDJSON answer holding an error object.
    const exported = await running.admin.get('/admin/v1/events?limit=10');
    expect({ status: exported.status, type: exported.headers['content-type'] }).toEqual({
      status: 503,
      type: expect.stringMatching(/^application\/json/),
    });
    await restarted;
    let after: Awaited<ReturnType<typeof provision>> | undefined;
    for (let attempt = 0; attempt < 60 && !after; attempt++) {
      const response = await tenant.scim.post('/scim/v2/Users', entraUser());
      if (response.status === 201) after = response.body as Awaited<ReturnType<typeof provision>>;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(after).toBeDefined();
    expect(await getUser(tenant, after!.id)).toMatchObject({ id: after!.id });
    expect(await getUser(tenant, before.id)).toMatchObject({ id: before.id });
    // The disable-user saga follows the log again too: a transfer runs to its end.
    const ownership = ownershipApi(running.admin, tenant.name);
    await ownership.setOwner(before.id);
    const resource = await ownership.createResource(after!.id);
    expect((await ownership.disable(after!.id)).status).toBe(200);
    expect(await ownership.waitForTransfer(after!.id)).toMatchObject({
      toUserId: before.id,
      status: 'completed',
    });
    expect(await ownership.holdings(before.id)).toMatchObject({ resources: [resource.id] });
  }, 30_000);
});
