import { expect } from '@jest/globals';
import { expectAdminError } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import { ownershipApi, withConcurrency } from '../support/ownership-fixtures';
import { Tenant, createTenant, patchOp, provision, uniqueSubscriptionName } from '../support/scim-fixtures';

interface Page {
  nextCursor: string | null;
  [list: string]: unknown;
}

/**
 * The admin lists of resources, permissions and transfers grow with the subscription's history
 * (a 30-minute soak: 8,741 transfers, 3.6 MB and up to 227 ms per call): they answer a page at a
 * time, in their order, and nextCursor leads through the rest.
 */
describe('admin API: the resource, permission and transfer lists are paged', () => {
  let running: RunningApp;
  let tenant: Tenant;
  const base = () => `/admin/v1/subscriptions/${tenant.name}`;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('pages'));
  });
  afterAll(async () => {
    await running?.close();
  });

  /** Every page of a list, following nextCursor: the pages' sizes and the ids in order. */
  async function walk(
    path: string,
    list: string,
    limit: number,
  ): Promise<{ sizes: number[]; ids: string[] }> {
    const sizes: number[] = [];
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const query: string = `${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await running.admin.get(`${path}${query}`);
      expect(response.status).toBe(200);
      const page = response.body as Page;
      const items = page[list] as { id: string }[];
      sizes.push(items.length);
      ids.push(...items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { sizes, ids };
  }

  it('walks the resources and permissions page by page, oldest first, with or without a holder filter', async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const [ann, bob] = [await provision(tenant), await provision(tenant)];
    const resources: string[] = [];
    for (let i = 0; i < 5; i++)
      resources.push((await ownership.createResource(i % 2 ? bob.id : ann.id, `r${i}`)).id);
    const permissions: string[] = [];
    for (let i = 0; i < 3; i++) permissions.push((await ownership.grantPermission(ann.id, `perm:${i}`)).id);

    expect(await walk(`${base()}/resources`, 'resources', 2)).toEqual({ sizes: [2, 2, 1], ids: resources });
    expect(await walk(`${base()}/resources?ownerId=${ann.id}`, 'resources', 2)).toEqual({
      sizes: [2, 1],
      ids: resources.filter((_, i) => i % 2 === 0),
    });
    expect(await walk(`${base()}/permissions?userId=${ann.id}`, 'permissions', 3)).toEqual({
      sizes: [3],
      ids: permissions,
    });
    // Without limit: one page of up to 500, the last.
    const all = await running.admin.get(`${base()}/resources`);
    expect(all.body).toMatchObject({ nextCursor: null });
    expect((all.body as { resources: unknown[] }).resources).toHaveLength(5);
  });

  it('walks the transfers page by page, oldest first', async () => {
    const ownership = ownershipApi(running.admin, tenant.name);
    const owner = await provision(tenant);
    await ownership.setOwner(owner.id);
    const leavers = await withConcurrency(5, 1, () => provision(tenant));
    for (const leaver of leavers) {
      await ownership.createResource(leaver.id);
      const patched = await tenant.scim.patch(
        `/scim/v2/Users/${leaver.id}`,
        patchOp({ op: 'Replace', path: 'active', value: false }),
      );
      expect(patched.status).toBe(200);
      await ownership.waitForTransfer(leaver.id);
    }
    const transfers = await ownership.transfers();
    const walked = await walk(`${base()}/ownership-transfers`, 'transfers', 2);
    expect(walked.ids).toEqual(transfers.map((t) => t.id));
    expect(transfers).toHaveLength(5);
    expect(walked.sizes).toEqual([2, 2, 1]);
  });

  it('refuses a limit out of 1 to 1000 and a cursor it did not answer (400)', async () => {
    for (const query of ['limit=0', 'limit=1001', 'limit=ten', 'cursor=bm9wZQ', 'cursor=WyIiLCIiXQ'])
      for (const list of ['resources', 'permissions', 'ownership-transfers'])
        expectAdminError(await running.admin.get(`${base()}/${list}?${query}`), 400);
  });
});
