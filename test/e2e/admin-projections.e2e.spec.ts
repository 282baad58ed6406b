import { ReadModelStatusView } from '../../src/platform/read-model/read-model-status';
import { RunningApp, startApp } from '../support/e2e-app';
import { request } from '../support/http-client';
import { Tenant, createTenant, provision, uniqueSubscriptionName } from '../support/scim-fixtures';

// History written through SCIM, so that the runners have positions to show.
const USERS = 20;

/**
 * The projections' admin API through HTTP. A rebuild, whose replay must be held from inside the
 * application to be watched, is in test/integration/read-model-rebuild-online.spec.ts.
 */
describe('admin API: projections (positions, lag)', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('proj'));
    await Promise.all(Array.from({ length: USERS }, () => provision(tenant)));
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

  it('lists the read model runner with its projections, position, head and lag', async () => {
    const view = await caughtUp();
    expect(view.runners).toHaveLength(1);
    const [runner] = view.runners;
    expect(runner).toMatchObject({
      name: 'read-model',
      status: 'running',
      lag: 0,
      caughtUp: true,
      lastError: null,
      position: view.headPosition,
    });
    expect(runner.projections.map((p) => p.name)).toEqual(
      expect.arrayContaining(['subscription', 'identity-index', 'ownership', 'scim-users', 'scim-groups']),
    );
    for (const projection of runner.projections) expect(projection.version).toEqual(expect.any(Number));
    expect(view.rebuild).toBeNull();
  });

  it('lists the process managers, each with the position it has looked at and its lag', async () => {
    const deadline = Date.now() + 5000;
    let view = await caughtUp();
    const settled = (v: typeof view) => v.processes.every((p) => p.caughtUp);
    while (!settled(view) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      view = await caughtUp();
    }
    expect(view.processes.map((p) => p.name).sort()).toEqual([
      'identity-deleted-managers',
      'ownership-transfer',
    ]);
    for (const process of view.processes)
      expect(process).toMatchObject({
        status: 'running',
        lag: 0,
        caughtUp: true,
        lastError: null,
        position: view.headPosition,
        headPosition: view.headPosition,
      });
  });

  it('needs the admin key', async () => {
    const response = await request(running.baseUrl, 'GET', '/admin/v1/projections');
    expect(response.status).toBe(401);
  });
});
