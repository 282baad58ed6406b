import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningApp, startApp } from '../support/e2e-app';
import { createTenant, provision, uniqueSubscriptionName } from '../support/scim-fixtures';

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/**
 * Pages reach a WAL-mode database file only through checkpoints. Neither connection that writes
 * gets near its own threshold here: the server's checkpointer thread copies both logs back.
 */
describe('WAL checkpoints in the server', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('copies the event store and the read model logs into their files while the server runs', async () => {
    const events = path.join(running.dataDir, 'events.db');
    const readModel = path.join(running.dataDir, 'read-model.db');
    const tenant = await createTenant(running, uniqueSubscriptionName('wal'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = { events: sizeOf(events), readModel: sizeOf(readModel) };
    for (let i = 0; i < 60; i++) await provision(tenant);
    expect(sizeOf(`${events}-wal`)).toBeGreaterThan(0);
    expect(await eventually(() => sizeOf(events) > before.events)).toBe(true);
    expect(await eventually(() => sizeOf(readModel) > before.readModel)).toBe(true);
  });
});
