import * as path from 'node:path';
import Database from 'better-sqlite3';
import { EVENT_STORE, EventStore } from '../../src/platform/event-store/event-store.port';
import { RunningApp, startApp } from '../support/e2e-app';
import { holdNextSubscriptions } from '../support/hold-subscriptions';
import {
  ERROR_SCHEMA,
  createTenant,
  provision,
  reconnect,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

describe('first start after a projection changed (an upgrade replays the read model from 0)', () => {
  let running: RunningApp | undefined;
  afterEach(async () => running?.close());

  it('answers SCIM 503 with Retry-After and /health/ready 503 with its checks until the replay is done', async () => {
    const before = await startApp();
    const tenant = await createTenant(before, uniqueSubscriptionName('upgrade'));
    const user = await provision(tenant);
    await before.close({ keepData: true });
    // What a new version whose projections changed finds: another projections' version string.
    const db = new Database(path.join(before.dataDir, 'read-model.db'));
    db.prepare("UPDATE projection_checkpoint SET version = 'an-older-version'").run();
    db.close();

    let hold: ReturnType<typeof holdNextSubscriptions> | undefined;
    running = await startApp({}, before.dataDir, (app) => {
      hold = holdNextSubscriptions(app.get<EventStore>(EVENT_STORE));
    });
    hold!.stopHolding();
    const scim = reconnect(running, tenant).scim;

    // The replay is held: tables are empty, the token itself is not known yet.
    const refused = await scim.get(`/scim/v2/Users/${user.id}`);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '503' });
    expect((await scim.get('/scim/v2/Users?filter=userName eq "x"')).status).toBe(503);
    const ready = await running.admin.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', checks: { readModel: 'catching up' } });

    hold!.release();
    for (let i = 0; i < 200 && (await running.admin.get('/health/ready')).status !== 200; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const served = await scim.get(`/scim/v2/Users/${user.id}`);
    expect(served.status).toBe(200);
    expect(served.body).toMatchObject({ id: user.id, userName: user.userName });
  });
});
