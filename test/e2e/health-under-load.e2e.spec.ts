import { RunningApp, startApp } from '../support/e2e-app';
import { createTenant, patchOp, provision, uniqueSubscriptionName } from '../support/scim-fixtures';

/**
 * A load balancer polls /health/ready: under steady writes the read model is always a few events
 * behind the store's head, and readiness must not drop for that (it did: 99 of 266 polls 503).
 */
describe('/health/ready under steady writes', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('stays 200 while four clients PATCH one user', async () => {
    const tenant = await createTenant(running, uniqueSubscriptionName('ready'));
    const user = await provision(tenant);
    let writing = true;
    let writes = 0;
    const writer = async (client: number) => {
      for (let i = 0; writing; i++) {
        const body = patchOp({ op: 'replace', path: 'title', value: `t-${client}-${i}` });
        expect((await tenant.scim.patch(`/scim/v2/Users/${user.id}`, body)).status).toBe(200);
        writes++;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    const statuses: number[] = [];
    const until = Date.now() + 1500;
    while (Date.now() < until) statuses.push((await running.admin.get('/health/ready')).status);
    writing = false;
    await Promise.all(writers);
    expect(writes).toBeGreaterThan(20);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });
});
