import { expect } from '@jest/globals';
import { RunningApp } from './e2e-app';
import { Client, HttpResponse } from './http-client';
import {
  ENTERPRISE_SCHEMA,
  Json,
  Tenant,
  createTenant,
  patchOp,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from './scim-fixtures';

/** A resource as the admin API lists it. */
export interface ResourceView {
  id: string;
  type: string;
  name: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

/** An administrator permission as the admin API lists it. */
export interface PermissionView {
  id: string;
  permission: string;
  userId: string;
  grantedAt: string;
  updatedAt: string;
}

/** A transfer as `GET /admin/v1/subscriptions/{name}/ownership-transfers` lists it. */
export interface TransferView {
  id: string;
  fromUserId: string;
  toUserId: string;
  rule: string;
  trigger: 'disabled' | 'deleted';
  roles: string[];
  rolesNotMoved: { role: string; reason: string }[];
  startedAt: string;
  endedAt: string | null;
  status: 'completed' | 'in-progress';
  items: { resources: string[]; permissions: string[] };
}

/** What a disable-preview answers (the HeirDecision plus what the user holds). */
export type PreviewView =
  | {
      userId: string;
      outcome: 'transfer';
      heirId: string;
      rule: string;
      takesSubscriptionOwnership: boolean;
      removesCompanyOwnership: boolean;
      items: { resources: string[]; permissions: string[] };
    }
  | { userId: string; outcome: 'no-transfer'; items: { resources: string[]; permissions: string[] } }
  | {
      userId: string;
      outcome: 'refused';
      reason: string;
      detail: string;
      items: { resources: string[]; permissions: string[] };
    }
  | { userId: string; outcome: 'already-disabled' };

export interface Holdings {
  resources: string[];
  permissions: string[];
}

/** What a user holds once everything was handed over. */
export const NOTHING: Holdings = { resources: [], permissions: [] };

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A completed transfer, exactly: from, to, rule, trigger (default disabled), roles (default none, none refused), items. */
export function expectCompletedTransfer(
  transfer: TransferView,
  expected: {
    from: string;
    to: string;
    rule: string;
    roles?: string[];
    rolesNotMoved?: { role: string; reason: unknown }[];
    trigger?: string;
    items: Holdings;
  },
): void {
  expect(transfer).toEqual({
    id: expect.any(String),
    fromUserId: expected.from,
    toUserId: expected.to,
    rule: expected.rule,
    trigger: expected.trigger ?? 'disabled',
    roles: expected.roles ?? [],
    rolesNotMoved: expected.rolesNotMoved ?? [],
    startedAt: expect.stringMatching(ISO),
    endedAt: expect.stringMatching(ISO),
    status: 'completed',
    items: expected.items,
  });
  expect(transfer.endedAt! >= transfer.startedAt).toBe(true);
}

function expectStatus(response: HttpResponse, status: number, what: string): void {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.text}`);
}

/** Limits how many promises run at once (item creation through the admin API). */
export async function withConcurrency<T>(count: number, limit: number, work: (i: number) => Promise<T>) {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

/** The Ownership and role calls of the admin API for one subscription. */
export function ownershipApi(admin: Client, subscription: string) {
  const url = (path = '') => `/admin/v1/subscriptions/${subscription}${path}`;
  const api = {
    url,

    async createResource(ownerId: string, name = 'report'): Promise<ResourceView> {
      const response = await admin.post(url('/resources'), { type: 'dashboard', name, ownerId });
      expectStatus(response, 201, `POST resources for ${ownerId}`);
      return response.body as ResourceView;
    },

    async grantPermission(userId: string, permission = 'billing:admin'): Promise<PermissionView> {
      const response = await admin.post(url('/permissions'), { userId, permission });
      expectStatus(response, 201, `POST permissions for ${userId}`);
      return response.body as PermissionView;
    },

    /** Gives `userId` some resources and permissions; answers their ids, sorted (as the API sorts them). */
    async give(userId: string, resources: number, permissions: number, concurrency = 8): Promise<Holdings> {
      const r = await withConcurrency(resources, concurrency, (i) => api.createResource(userId, `r${i}`));
      const p = await withConcurrency(permissions, concurrency, (i) =>
        api.grantPermission(userId, `perm:${i}`),
      );
      return { resources: r.map((x) => x.id).sort(), permissions: p.map((x) => x.id).sort() };
    },

    /** Every item of a paged admin list, following nextCursor. */
    async everyPage<T>(path: string, list: string): Promise<T[]> {
      const items: T[] = [];
      for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
        const separator = path.includes('?') ? '&' : '?';
        const response = await admin.get(
          url(`${path}${separator}limit=1000${cursor === null ? '' : `&cursor=${cursor}`}`),
        );
        expectStatus(response, 200, `GET ${path}`);
        const page = response.body as { nextCursor: string | null } & Record<string, T[]>;
        items.push(...page[list]!);
        cursor = page.nextCursor;
      }
      return items;
    },

    /** What `userId` holds now, per `GET resources?ownerId=` and `GET permissions?userId=`. */
    async holdings(userId: string): Promise<Holdings> {
      const id = encodeURIComponent(userId);
      const r = await api.everyPage<ResourceView>(`/resources?ownerId=${id}`, 'resources');
      const p = await api.everyPage<PermissionView>(`/permissions?userId=${id}`, 'permissions');
      if (r.some((x) => x.ownerId !== userId) || p.some((x) => x.userId !== userId))
        throw new Error(`the ownerId/userId filter answered items of other users`);
      return { resources: r.map((x) => x.id).sort(), permissions: p.map((x) => x.id).sort() };
    },

    transfers: (): Promise<TransferView[]> =>
      api.everyPage<TransferView>('/ownership-transfers', 'transfers'),

    /** Polls the transfers list until the transfer from `fromUserId` is completed. */
    async waitForTransfer(fromUserId: string, timeoutMs = 10_000, everyMs = 20): Promise<TransferView> {
      const deadline = Date.now() + timeoutMs;
      let last: TransferView[] = [];
      for (;;) {
        last = await api.transfers();
        const done = last.find((t) => t.fromUserId === fromUserId && t.status === 'completed');
        if (done) return done;
        if (Date.now() > deadline)
          throw new Error(
            `no completed transfer from ${fromUserId} after ${timeoutMs} ms: ${JSON.stringify(last)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    },

    async preview(userId: string): Promise<PreviewView> {
      const response = await admin.get(url(`/users/${userId}/disable-preview`));
      expectStatus(response, 200, `GET disable-preview of ${userId}`);
      return response.body as PreviewView;
    },

    /** The portal's view of a user (GET users/{id}). */
    portalUser: (userId: string) => admin.get(url(`/users/${userId}`)),

    disable: (userId: string) => admin.post(url(`/users/${userId}/disable`)),

    async setOwner(userId: string): Promise<void> {
      expectStatus(await admin.put(url('/owner'), { userId }), 200, `PUT owner ${userId}`);
    },

    async addCompanyOwner(userId: string): Promise<void> {
      expectStatus(
        await admin.post(url('/company-owners'), { userId }),
        201,
        `POST company-owners ${userId}`,
      );
    },

    async roles(): Promise<{ subscriptionOwner: string | null; companyOwners: { userId: string }[] }> {
      const response = await admin.get(url());
      expectStatus(response, 200, 'GET subscription');
      return response.body as { subscriptionOwner: string | null; companyOwners: { userId: string }[] };
    },
  };
  return api;
}

export type OwnershipApi = ReturnType<typeof ownershipApi>;

/**
 * A barrier on the ownership saga, on a subscription of its own. The saga handles disables one at
 * a time, in the order of the log ($all), for every subscription: once a transfer started after
 * them is completed, every earlier disable has been handled, so "no transfer was recorded" can be
 * asserted without sleeping.
 */
export async function sagaBarrierOn(running: RunningApp): Promise<() => Promise<void>> {
  const barrierTenant = await createTenant(running, uniqueSubscriptionName('barrier'));
  const barrierApi = ownershipApi(running.admin, barrierTenant.name);
  await barrierApi.setOwner((await provision(barrierTenant)).id);
  return async () => {
    const user = await provision(barrierTenant);
    await barrierApi.createResource(user.id);
    expect((await barrierApi.disable(user.id)).status).toBe(200);
    await barrierApi.waitForTransfer(user.id);
  };
}

export const MANAGER_PATH = `${ENTERPRISE_SCHEMA}:manager`;

/** A fresh subscription of a started app, with its SCIM token and its ownership API. */
export async function ownershipSubscription(running: RunningApp): Promise<{ t: Tenant; o: OwnershipApi }> {
  const t = await createTenant(running, uniqueSubscriptionName('own'));
  return { t, o: ownershipApi(running.admin, t.name) };
}

/** Users provisioned by SCIM, in order. */
export const provisionUsers = (t: Tenant, count: number) =>
  Promise.all(Array.from({ length: count }, () => provision(t)));

/** As Entra sets it: a separate PATCH once both users exist. */
export const setManager = (t: Tenant, userId: string, managerId: string) =>
  patchUser(t, userId, { op: 'Add', path: MANAGER_PATH, value: managerId });

/** A SCIM PATCH of a user, answered as it comes (no status check). */
export const scimPatch = (t: Tenant, userId: string, ...operations: Json[]) =>
  t.scim.patch(`/scim/v2/Users/${userId}`, patchOp(...operations));
