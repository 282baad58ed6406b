import { expect } from '@jest/globals';
import { userStream } from '../../src/modules/identity/contracts/user.events';
import { RunningApp, startApp } from '../support/e2e-app';
import { client } from '../support/http-client';
import { HistoryView, auditApi, correlationOf, expectAdminError, sleep } from '../support/audit-fixtures';
import { ownershipApi } from '../support/ownership-fixtures';
import { addMembers, entraGroup, patchGroup } from '../support/scim-group-fixtures';
import {
  ScimUser,
  Tenant,
  createTenant,
  entraUser,
  patchOp,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Audit: "what did Entra send for user X, and when" — every event of an entity, in order. */
describe('audit: entity history', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let audit: ReturnType<typeof auditApi>;
  let user: ScimUser;
  /** x-correlation-id of each request that changed `user`, in order. */
  const requests: string[] = [];

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('hist'));
    audit = auditApi(running.admin, tenant.name);

    const created = await tenant.scim.post('/scim/v2/Users', entraUser());
    expect(created.status).toBe(201);
    user = created.body as ScimUser;
    requests.push(correlationOf(created));
    // A correlation id chosen by the caller is kept (Entra's client-request-id can be passed so).
    const patched = await tenant.scim.patch(
      `/scim/v2/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'title', value: 'Director' }),
      { 'x-correlation-id': 'entra-req-42' },
    );
    expect(patched.status).toBe(200);
    requests.push(correlationOf(patched));
    const disabled = await running.admin.post(audit.url(`/users/${user.id}/disable`));
    expect(disabled.status).toBe(200);
    requests.push(correlationOf(disabled));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('lists every event of the user in order, with time, actor and correlation id', async () => {
    const response = await audit.history('users', user.id);
    expect(response.status).toBe(200);
    const page = response.body as HistoryView;
    expect(page).toMatchObject({
      subscription: tenant.name,
      entity: 'user',
      id: user.id,
      stream: userStream(tenant.name, user.id),
      fromRevision: 0,
      next: null,
    });
    expect(page.events.map((e) => [e.revision, e.type])).toEqual([
      [0, 'UserProvisioned'],
      [1, 'UserProfileChanged'],
      [2, 'UserDisabled'],
    ]);
    expect(page.events.map((e) => e.actor)).toEqual([
      `scim-token:${tenant.tokenId}`,
      `scim-token:${tenant.tokenId}`,
      'admin',
    ]);
    expect(page.events.map((e) => e.correlationId)).toEqual(requests);
    expect(requests[1]).toBe('entra-req-42');
    for (const event of page.events) {
      expect(event).toMatchObject({ time: expect.stringMatching(ISO), schemaVersion: 1, causationId: null });
      expect(event.data).toMatchObject({ subscription: tenant.name, userId: user.id });
    }
    const positions = page.events.map((e) => BigInt(e.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(new Set(positions).size).toBe(3);
    const times = page.events.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
  });

  it('shows what Entra sent: the profile as provisioned, then as changed', async () => {
    const [provisioned, changed] = ((await audit.history('users', user.id)).body as HistoryView).events;
    expect(provisioned.data).toMatchObject({
      active: true,
      managerId: null,
      profile: { userName: user.userName, title: 'Engineer' },
    });
    expect(changed.data).toMatchObject({ profile: { userName: user.userName, title: 'Director' } });
  });

  it('pages by revision with a next cursor, null at the end', async () => {
    const first = (await audit.history('users', user.id, 'limit=2')).body as HistoryView;
    expect(first.events.map((e) => e.revision)).toEqual([0, 1]);
    expect(first.next).toBe(2);
    const second = (await audit.history('users', user.id, `fromRevision=${first.next}&limit=2`))
      .body as HistoryView;
    expect(second.events.map((e) => e.revision)).toEqual([2]);
    expect(second.next).toBeNull();
    const exact = (await audit.history('users', user.id, 'fromRevision=1&limit=2')).body as HistoryView;
    expect(exact.events.map((e) => e.revision)).toEqual([1, 2]);
    expect(exact.next).toBeNull();
    const past = await audit.history('users', user.id, 'fromRevision=50');
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ events: [], next: null });
  });

  it('answers 404 for an unknown subscription or an entity without events', async () => {
    expectAdminError(
      await running.admin.get(`/admin/v1/subscriptions/no-such-sub/users/${user.id}/history`),
      404,
      /no subscription named "no-such-sub"/,
    );
    expectAdminError(await audit.history('users', 'no-such-user'), 404, /user no-such-user has no events/);
    expectAdminError(await audit.history('groups', user.id), 404, /group .* has no events/);
  });

  it('refuses bad paging parameters (400) and callers without the admin key (401)', async () => {
    for (const query of [
      'limit=0',
      'limit=1001',
      'limit=abc',
      'fromRevision=-1',
      'fromRevision=1.5',
      'page=2',
      // Decimal digits only: these used to read as 16, 100, 5 and a rounded 1e20.
      'limit=0x10',
      'limit=1e2',
      'limit=%205',
      'fromRevision=99999999999999999999',
      'fromRevision=',
    ])
      expectAdminError(await audit.history('users', user.id, query), 400);
    // Only what is wrong: the range "-1" breaks, the type "x" has.
    expectAdminError(
      await audit.history('users', user.id, 'limit=-1'),
      400,
      /^limit must not be less than 1$/,
    );
    expectAdminError(
      await audit.history('users', user.id, 'limit=x'),
      400,
      /^limit must be an integer number$/,
    );
    expectAdminError(
      await audit.history('users', user.id, 'limit=1001'),
      400,
      /^limit must not be greater than 1000$/,
    );
    const anonymous = client(running.baseUrl);
    expectAdminError(await anonymous.get(audit.url(`/users/${user.id}/history`)), 401);
  });

  it("a group's history holds its member changes, paged", async () => {
    const [a, b] = [
      (await tenant.scim.post('/scim/v2/Users', entraUser())).body as ScimUser,
      (await tenant.scim.post('/scim/v2/Users', entraUser())).body as ScimUser,
    ];
    const created = await tenant.scim.post('/scim/v2/Groups', entraGroup({ members: [{ value: a.id }] }));
    expect(created.status).toBe(201);
    const groupId = (created.body as { id: string }).id;
    const added = await patchGroup(tenant, groupId, addMembers([b.id]));

    const events = await audit.fullHistory('groups', groupId, 1);
    expect(events.map((e) => e.type)).toEqual(['GroupCreated', 'GroupMembersAdded', 'GroupMembersAdded']);
    expect(events[1].data.members).toEqual([{ id: a.id, type: 'User' }]);
    expect(events[2].data.members).toEqual([{ id: b.id, type: 'User' }]);
    expect(events[0].correlationId).toBe(correlationOf(created));
    expect(events[1].correlationId).toBe(correlationOf(created));
    expect(events[2].correlationId).toBe(correlationOf(added));
  });

  it('who got which resources and when: resource and transfer histories', async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const heir = (await tenant.scim.post('/scim/v2/Users', entraUser())).body as ScimUser;
    const leaver = (await tenant.scim.post('/scim/v2/Users', entraUser())).body as ScimUser;
    await ownership.setOwner(heir.id);
    const resource = await ownership.createResource(leaver.id, 'quarterly report');
    await sleep(2);
    const disable = await tenant.scim.patch(
      `/scim/v2/Users/${leaver.id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    );
    expect(disable.status).toBe(200);
    const transfer = await ownership.waitForTransfer(leaver.id);

    const events = await audit.fullHistory('resources', resource.id);
    expect(events.map((e) => e.type)).toEqual(['ResourceCreated', 'ResourceOwnershipTransferred']);
    expect(events[0]).toMatchObject({
      actor: 'admin',
      schemaVersion: 2,
      data: {
        resourceId: resource.id,
        resourceType: 'dashboard',
        name: 'quarterly report',
        ownerId: leaver.id,
      },
    });
    // The saga's move is caused by the disable and carries its request's correlation id.
    const disabledEvent = (await audit.fullHistory('users', leaver.id)).find(
      (e) => e.type === 'UserDisabled',
    )!;
    expect(events[1]).toMatchObject({
      actor: 'system:ownership-transfer',
      correlationId: correlationOf(disable),
      causationId: disabledEvent.eventId,
      data: { fromUserId: leaver.id, toUserId: heir.id, rule: 'subscription-owner', transferId: transfer.id },
    });

    const steps = await audit.fullHistory('ownership-transfers', transfer.id);
    expect(steps.map((e) => e.type)).toEqual(['OwnershipTransferStarted', 'OwnershipTransferCompleted']);
    expect(steps.every((e) => e.correlationId === correlationOf(disable))).toBe(true);
  });

  it("a permission's history", async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const holder = (await tenant.scim.post('/scim/v2/Users', entraUser())).body as ScimUser;
    const permission = await ownership.grantPermission(holder.id, 'billing:admin');
    const events = await audit.fullHistory('permissions', permission.id);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'PermissionGranted',
        actor: 'admin',
        data: expect.objectContaining({ permission: 'billing:admin', holderId: holder.id }),
      }),
    ]);
  });

  it("the subscription's own history: tokens, policy and roles, by whom", async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const owner = (await tenant.scim.post('/scim/v2/Users', entraUser())).body as ScimUser;
    await ownership.addCompanyOwner(owner.id);
    await ownership.setOwner(owner.id);
    const response = await running.admin.get(`/admin/v1/subscriptions/${tenant.name.toUpperCase()}/history`);
    expect(response.status).toBe(200);
    const page = response.body as HistoryView;
    expect(page).toMatchObject({ subscription: tenant.name, entity: 'subscription', id: tenant.name });
    const events = page.events.map((event) => [event.type, event.actor]);
    // Earlier cases of this file assigned roles too: the first events, then these two last.
    expect(events.slice(0, 2)).toEqual([
      ['SubscriptionCreated', 'admin'],
      ['ScimTokenIssued', 'admin'],
    ]);
    expect(events.slice(-2)).toEqual([
      ['CompanyOwnerAdded', 'admin'],
      ['SubscriptionOwnerAssigned', 'admin'],
    ]);
    expect(page.events.map((event) => event.revision)).toEqual(page.events.map((_, i) => i));
    expectAdminError(await running.admin.get('/admin/v1/subscriptions/no-such-tenant/history'), 404);
  });
});
