import { expect } from '@jest/globals';
import { SubscriptionRoles } from '../../src/modules/subscription/contracts';
import { RunningApp, startApp } from '../support/e2e-app';
import { HttpResponse } from '../support/http-client';
import {
  ListResponse,
  ScimUser,
  Tenant,
  createTenant,
  patchUser,
  provision,
  reconnect,
} from '../support/scim-fixtures';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('admin API: subscription owner and company owners', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let other: Tenant;
  let alice: ScimUser;
  let bob: ScimUser;
  let carol: ScimUser;
  let dora: ScimUser;
  /** Disabled while it holds no role and owns nothing. */
  let disabled: ScimUser;
  /** A user of the other subscription. */
  let stranger: ScimUser;

  const url = (path = '') => `/admin/v1/subscriptions/${tenant.name}${path}`;
  const putOwner = (userId: string) => running.admin.put(url('/owner'), { userId });
  const addCompanyOwner = (userId: string) => running.admin.post(url('/company-owners'), { userId });
  const removeCompanyOwner = (userId: string) =>
    running.admin.delete(url(`/company-owners/${encodeURIComponent(userId)}`));
  const shown = async () => (await running.admin.get(url())).body as SubscriptionRoles & { name: string };
  /**
   * The roles as folded from the subscription's own stream, not from the read model GET shows:
   * the portal's view of a user (GET users/{id}) reads its roles so. Put together from the view of
   * every user of the subscription, company owners oldest first.
   */
  const rolesFromStream = async (): Promise<SubscriptionRoles> => {
    const listed = await tenant.scim.get('/scim/v2/Users?count=1000');
    expect(listed.status).toBe(200);
    let subscriptionOwner: string | null = null;
    const companyOwners: SubscriptionRoles['companyOwners'] = [];
    for (const { id } of (listed.body as ListResponse).Resources) {
      const view = await running.admin.get(url(`/users/${id}`));
      expect(view.status).toBe(200);
      const { roles } = view.body as {
        roles: { subscriptionOwner: boolean; companyOwner: boolean; companyOwnerSince?: string };
      };
      if (roles.subscriptionOwner) {
        if (subscriptionOwner !== null)
          throw new Error(`two subscription owners: ${subscriptionOwner}, ${id}`);
        subscriptionOwner = id;
      }
      if (roles.companyOwner) companyOwners.push({ userId: id, since: roles.companyOwnerSince! });
    }
    companyOwners.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
    return { subscriptionOwner, companyOwners };
  };
  const expectError = (response: HttpResponse, status: number, message?: RegExp) => {
    expect({ status: response.status, body: response.body }).toEqual({
      status,
      body: { statusCode: status, error: expect.any(String), message: expect.any(String) },
    });
    if (message) expect((response.body as { message: string }).message).toMatch(message);
  };

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running);
    other = await createTenant(running);
    [alice, bob, carol, dora, disabled] = await Promise.all(
      Array.from({ length: 5 }, () => provision(tenant)),
    );
    stranger = await provision(other);
    await patchUser(tenant, disabled.id, { op: 'replace', path: 'active', value: false });
  });
  afterAll(async () => {
    await running?.close();
  });

  it('a new subscription has no owner and no company owner', async () => {
    expect(await shown()).toMatchObject({ subscriptionOwner: null, companyOwners: [] });
    await expect(rolesFromStream()).resolves.toEqual({ subscriptionOwner: null, companyOwners: [] });
  });

  describe('subscription owner', () => {
    it('sets the owner (200), answering the roles', async () => {
      const response = await putOwner(alice.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ subscriptionOwner: alice.id, companyOwners: [] });
      expect((await shown()).subscriptionOwner).toBe(alice.id);
    });

    it('replaces the owner: there is exactly one', async () => {
      const response = await putOwner(bob.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ subscriptionOwner: bob.id, companyOwners: [] });
      expect((await shown()).subscriptionOwner).toBe(bob.id);
    });

    it('setting the current owner again is accepted and changes nothing', async () => {
      const response = await putOwner(bob.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ subscriptionOwner: bob.id, companyOwners: [] });
    });

    it('refuses an unknown user (404) and an unknown subscription (404)', async () => {
      expectError(await putOwner('no-such-user'), 404, /"no-such-user" is not a user of this subscription/);
      expectError(
        await running.admin.put('/admin/v1/subscriptions/nobody/owner', { userId: alice.id }),
        404,
        /nobody/,
      );
    });

    it('refuses a user of another subscription (404)', async () => {
      expectError(await putOwner(stranger.id), 404, /is not a user of this subscription/);
      expectError(
        await running.admin.put(`/admin/v1/subscriptions/${other.name}/owner`, { userId: alice.id }),
        404,
      );
    });

    it('refuses a disabled user (409)', async () => {
      expectError(await putOwner(disabled.id), 409, new RegExp(`user "${disabled.id}" is disabled`));
      expect((await shown()).subscriptionOwner).toBe(bob.id);
    });

    it('refuses a body without a userId or with unknown properties (400)', async () => {
      expectError(await running.admin.put(url('/owner'), {}), 400, /userId/);
      expectError(await running.admin.put(url('/owner'), { userId: alice.id, role: 'x' }), 400, /role/);
    });
  });

  describe('company owners', () => {
    it('adds company owners (201), oldest first, each with its since', async () => {
      const first = await addCompanyOwner(carol.id);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        subscriptionOwner: bob.id,
        companyOwners: [{ userId: carol.id, since: expect.stringMatching(ISO) }],
      });
      const second = await addCompanyOwner(alice.id);
      expect(second.status).toBe(201);
      const third = await addCompanyOwner(dora.id);
      const { companyOwners } = third.body as SubscriptionRoles;
      expect(companyOwners.map((owner) => owner.userId)).toEqual([carol.id, alice.id, dora.id]);
      const since = companyOwners.map((owner) => owner.since);
      expect([...since].sort()).toEqual(since);
      expect(companyOwners[0]).toEqual((first.body as SubscriptionRoles).companyOwners[0]);
    });

    it('adding a company owner twice changes nothing (201, same roles)', async () => {
      const before = await shown();
      const again = await addCompanyOwner(carol.id);
      expect(again.status).toBe(201);
      expect(again.body).toEqual({
        subscriptionOwner: before.subscriptionOwner,
        companyOwners: before.companyOwners,
      });
    });

    it('refuses unknown, foreign (404) and disabled (409) users', async () => {
      expectError(await addCompanyOwner('no-such-user'), 404, /is not a user of this subscription/);
      expectError(await addCompanyOwner(stranger.id), 404, /is not a user of this subscription/);
      expectError(await addCompanyOwner(disabled.id), 409, /is disabled/);
      expectError(
        await running.admin.post('/admin/v1/subscriptions/nobody/company-owners', { userId: alice.id }),
        404,
        /nobody/,
      );
      expect((await shown()).companyOwners).toHaveLength(3);
    });

    it('removes a company owner (204); the others keep their order and since', async () => {
      const before = (await shown()).companyOwners;
      const response = await removeCompanyOwner(alice.id);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect((await shown()).companyOwners).toEqual([before[0], before[2]]);
    });

    it('refuses to remove a user who is not a company owner (404)', async () => {
      expectError(await removeCompanyOwner(alice.id), 404, /is not a company owner/);
      expectError(await removeCompanyOwner('no-such-user'), 404, /is not a company owner/);
      expectError(
        await running.admin.delete(`/admin/v1/subscriptions/nobody/company-owners/${carol.id}`),
        404,
      );
    });

    it('refuses to remove the last company owner (409): another must be added first', async () => {
      expect((await removeCompanyOwner(carol.id)).status).toBe(204);
      expectError(
        await removeCompanyOwner(dora.id),
        409,
        /only company owner .* another company owner must be added first/,
      );
      expect((await shown()).companyOwners).toEqual([{ userId: dora.id, since: expect.stringMatching(ISO) }]);
    });

    it('a re-added company owner comes after the longest-standing one, with a new since', async () => {
      const response = await addCompanyOwner(carol.id);
      const { companyOwners } = response.body as SubscriptionRoles;
      expect(companyOwners.map((owner) => owner.userId)).toEqual([dora.id, carol.id]);
      expect(companyOwners[1].since > companyOwners[0].since).toBe(true);
    });
  });

  describe('shown by the admin API and the roles query', () => {
    it('GET shows the owner and company owners, the list too, and the stream agrees', async () => {
      const view = await shown();
      expect(view).toMatchObject({
        name: tenant.name,
        subscriptionOwner: bob.id,
        companyOwners: [
          { userId: dora.id, since: expect.stringMatching(ISO) },
          { userId: carol.id, since: expect.stringMatching(ISO) },
        ],
      });
      const { subscriptions } = (await running.admin.get('/admin/v1/subscriptions')).body as {
        subscriptions: { name: string }[];
      };
      expect(subscriptions.find((s) => s.name === tenant.name)).toEqual(view);
      await expect(rolesFromStream()).resolves.toEqual({
        subscriptionOwner: view.subscriptionOwner,
        companyOwners: view.companyOwners,
      });
    });

    it("another subscription's roles are its own", async () => {
      expect((await running.admin.get(`/admin/v1/subscriptions/${other.name}`)).body).toMatchObject({
        subscriptionOwner: null,
        companyOwners: [],
      });
    });
  });

  describe('after a restart', () => {
    it('keeps the roles and their rules', async () => {
      const before = await shown();
      const dataDir = running.dataDir;
      await running.close({ keepData: true });
      running = await startApp({}, dataDir);
      tenant = reconnect(running, tenant);

      expect(await shown()).toEqual(before);
      await expect(rolesFromStream()).resolves.toEqual({
        subscriptionOwner: before.subscriptionOwner,
        companyOwners: before.companyOwners,
      });
      expect((await removeCompanyOwner(dora.id)).status).toBe(204);
      expectError(await removeCompanyOwner(carol.id), 409, /another company owner must be added first/);
      expectError(await putOwner(disabled.id), 409, /is disabled/);
    });
  });
});
