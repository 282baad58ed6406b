import type { Database } from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendAll, tenantAppends } from '../../bench/support/realistic-events';
import { EVENT_STORE, EventStore } from '../../src/platform/event-store/event-store.port';
import { READ_MODEL_DB } from '../../src/platform/read-model/read-model-database';
import { ReadModelStatusView } from '../../src/platform/read-model/read-model-status';
import { RunningApp, startApp } from '../support/e2e-app';
import { holdNextSubscriptions } from '../support/hold-subscriptions';
import {
  ListResponse,
  Tenant,
  createTenant,
  provision,
  reconnect,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

// History of another tenant, so that the rebuild has real work and rows to swap.
const BACKGROUND_USERS = 300;

/**
 * The rebuild of the read model (POST /admin/v1/projections/rebuild) with its replay held from
 * inside the started application (the store's subscriptions wrapped, see holdNextSubscriptions),
 * so that SCIM and the status can be checked during the replay every time. The history is appended
 * straight into the app's store and the live read model is damaged in its database file; every
 * check goes through HTTP. The rest of the projections' admin API is end to end in
 * test/e2e/admin-projections.e2e.spec.ts.
 */
describe('admin API: projections, a rebuild without downtime (its replay held)', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let store: EventStore;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('proj'));
    store = running.app.get<EventStore>(EVENT_STORE);
    await appendAll(store, tenantAppends(uniqueSubscriptionName('bulk'), BACKGROUND_USERS));
  });
  afterAll(async () => {
    await running?.close();
  });

  const status = async (): Promise<ReadModelStatusView> => {
    const response = await running.admin.get('/admin/v1/projections');
    expect(response.status).toBe(200);
    return response.body as ReadModelStatusView;
  };
  const caughtUp = async (): Promise<ReadModelStatusView> => {
    for (let i = 0; i < 500; i++) {
      const view = await status();
      if (
        view.runners[0]?.caughtUp &&
        view.rebuild?.status !== 'replaying' &&
        view.rebuild?.status !== 'swapping'
      )
        return view;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the read model did not catch up');
  };

  it('rebuilds into fresh tables while SCIM keeps answering, then swaps them in', async () => {
    const before = await Promise.all([provision(tenant), provision(tenant), provision(tenant)]);
    // The creates were answered before their rows were written (answered ahead): written now.
    const checkpointBefore = (await caughtUp()).runners[0].position;
    // Damage the live read model: only a rebuild from the log brings the user back.
    const db = running.app.get<Database>(READ_MODEL_DB);
    db.prepare("DELETE FROM scim_resource WHERE rtype = 'User' AND id = ?").run(before[0].id);
    expect((await tenant.scim.get(`/scim/v2/Users/${before[0].id}`)).status).toBe(404);

    const hold = holdNextSubscriptions(store);
    const started = await running.admin.post('/admin/v1/projections/rebuild');
    hold.stopHolding();
    expect(started.status).toBe(202);
    const { rebuildId } = started.body as { rebuildId: string };
    expect(rebuildId).toMatch(/^[0-9a-f-]{36}$/);

    const second = await running.admin.post('/admin/v1/projections/rebuild');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ statusCode: 409, error: 'Conflict' });

    // During the replay: reads answer from the old tables, writes go on.
    const during = await status();
    expect(during.rebuild).toMatchObject({ rebuildId, status: 'replaying' });
    expect(during.runners.map((r) => [r.name, r.status])).toEqual([
      ['read-model', 'running'],
      ['read-model (rebuild)', 'rebuilding'],
    ]);
    expect((await tenant.scim.get(`/scim/v2/Users/${before[1].id}`)).status).toBe(200);
    const written = await provision(tenant);
    expect(fs.existsSync(path.join(running.dataDir, 'read-model.rebuild.db'))).toBe(true);
    hold.release();

    const after = await caughtUp();
    expect(after.rebuild).toMatchObject({ rebuildId, status: 'completed', error: null });
    expect(after.rebuild!.swap!.rows).toBeGreaterThan(BACKGROUND_USERS);
    expect(after.rebuild!.eventsApplied).toBeGreaterThan(BACKGROUND_USERS * 5);
    expect(after.runners).toHaveLength(1);
    expect(after.runners[0]).toMatchObject({ status: 'running', caughtUp: true, lag: 0 });
    expect(BigInt(after.runners[0].position!)).toBeGreaterThan(BigInt(checkpointBefore!));

    const list = await tenant.scim.get('/scim/v2/Users?count=100');
    const ids = (list.body as ListResponse).Resources.map((user) => user.id).sort();
    expect(ids).toEqual([...before, written].map((user) => user.id).sort());
    expect((await tenant.scim.get(`/scim/v2/Users/${before[0].id}`)).status).toBe(200);
    expect(fs.existsSync(path.join(running.dataDir, 'read-model.rebuild.db'))).toBe(false);

    // The live runner follows $all again from the swapped-in checkpoint.
    const next = await provision(tenant);
    expect((await tenant.scim.get(`/scim/v2/Users/${next.id}`)).status).toBe(200);
  });
});

describe('admin API: a rebuild interrupted by shutdown', () => {
  it('is cancelled: the app closes, the scratch file goes, the live read model stays', async () => {
    let running = await startApp();
    const tenant = await createTenant(running, uniqueSubscriptionName('cancel'));
    const user = await provision(tenant);
    const hold = holdNextSubscriptions(running.app.get<EventStore>(EVENT_STORE));
    expect((await running.admin.post('/admin/v1/projections/rebuild')).status).toBe(202);
    hold.stopHolding();
    await running.close({ keepData: true });
    expect(fs.existsSync(path.join(running.dataDir, 'read-model.rebuild.db'))).toBe(false);

    running = await startApp({}, running.dataDir);
    try {
      const again = reconnect(running, tenant);
      expect((await again.scim.get(`/scim/v2/Users/${user.id}`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
