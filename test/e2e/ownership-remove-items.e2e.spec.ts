import { auditApi, expectAdminError } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import { ownershipApi } from '../support/ownership-fixtures';
import {
  ENTERPRISE_SCHEMA,
  Tenant,
  createTenant,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/** A permission can be taken away, a resource deleted, without disabling their holder. */
describe('admin API: revoking a permission, deleting a resource', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('revoke'));
  });
  afterAll(async () => {
    await running?.close();
  });

  const url = (id: string) => `/admin/v1/subscriptions/${tenant.name}/permissions/${id}`;

  it('revokes it (204): gone from the lists, in its history by whom; a second revoke is 404', async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const holder = await provision(tenant);
    const kept = await ownership.grantPermission(holder.id, 'reports:read');
    const revoked = await ownership.grantPermission(holder.id, 'billing:admin');
    const response = await running.admin.delete(url(revoked.id), { 'x-admin-actor': 'jane@contoso.com' });
    expect(response.status).toBe(204);
    expect((await ownership.holdings(holder.id)).permissions).toEqual([kept.id]);
    const history = await auditApi(running.admin, tenant.name).fullHistory('permissions', revoked.id);
    expect(history.map((e) => [e.type, e.actor])).toEqual([
      ['PermissionGranted', 'admin'],
      ['PermissionRevoked', 'admin:jane@contoso.com'],
    ]);
    expect(history[1].data).toMatchObject({ permission: 'billing:admin', holderId: holder.id });
    expectAdminError(await running.admin.delete(url(revoked.id)), 404);
    expectAdminError(await running.admin.delete(url('00000000-0000-4000-8000-000000000000')), 404);
  });

  it('a revoked permission is not handed over when its holder is disabled; the others are', async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const [manager, user] = [await provision(tenant), await provision(tenant)];
    await patchUser(tenant, user.id, { op: 'Add', path: `${ENTERPRISE_SCHEMA}:manager`, value: manager.id });
    const moves = await ownership.grantPermission(user.id, 'a');
    const stays = await ownership.grantPermission(user.id, 'b');
    expect((await running.admin.delete(url(stays.id))).status).toBe(204);
    expect((await ownership.disable(user.id)).status).toBe(200);
    const transfer = await ownership.waitForTransfer(user.id);
    expect(transfer).toMatchObject({
      toUserId: manager.id,
      items: { resources: [], permissions: [moves.id] },
    });
    expect((await ownership.holdings(manager.id)).permissions).toEqual([moves.id]);
  });

  it('deletes a resource (204): gone from the lists, in its history; a second delete is 404; not handed over', async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const [manager, user] = [await provision(tenant), await provision(tenant)];
    await patchUser(tenant, user.id, { op: 'Add', path: `${ENTERPRISE_SCHEMA}:manager`, value: manager.id });
    const moves = await ownership.createResource(user.id, 'kept');
    const deleted = await ownership.createResource(user.id, 'gone');
    const resourceUrl = `/admin/v1/subscriptions/${tenant.name}/resources/${deleted.id}`;
    expect((await running.admin.delete(resourceUrl)).status).toBe(204);
    expect((await ownership.holdings(user.id)).resources).toEqual([moves.id]);
    const history = await auditApi(running.admin, tenant.name).fullHistory('resources', deleted.id);
    expect(history.map((e) => e.type)).toEqual(['ResourceCreated', 'ResourceDeleted']);
    expect(history[1]).toMatchObject({ actor: 'admin', data: { name: 'gone', ownerId: user.id } });
    expectAdminError(await running.admin.delete(resourceUrl), 404);
    expect((await ownership.disable(user.id)).status).toBe(200);
    expect(await ownership.waitForTransfer(user.id)).toMatchObject({
      toUserId: manager.id,
      items: { resources: [moves.id], permissions: [] },
    });
  });

  it('refuses (400) a list filter given twice, instead of matching nothing', async () => {
    const base = `/admin/v1/subscriptions/${tenant.name}`;
    const [a, b] = [await provision(tenant), await provision(tenant)];
    expectAdminError(
      await running.admin.get(`${base}/resources?ownerId=${a.id}&ownerId=${b.id}`),
      400,
      /ownerId/,
    );
    expectAdminError(
      await running.admin.get(`${base}/permissions?userId=${a.id}&userId=${b.id}`),
      400,
      /userId/,
    );
  });
});
