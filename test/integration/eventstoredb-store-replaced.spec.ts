import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EsdbDouble } from '../support/esdb-double/esdb-double';
import { freePort, startServer, waitReady } from '../support/server-process';

const ADMIN_KEY = 'store-replaced-admin-key-0123';

/**
 * EventStoreDB keeps its log apart from DATA_DIR (another volume, another machine): an emptied,
 * replaced or older store under an existing read model made every create answer 404 while
 * /health/ready said 200. The built server now refuses to start on it, saying what to do.
 */
describe('EventStoreDB mode: a DATA_DIR built from another store', () => {
  const doubles: EsdbDouble[] = [];
  afterAll(async () => {
    for (const double of doubles) await double.stop();
  });

  const run = (dataDir: string, double: EsdbDouble, port: number) =>
    startServer({
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_API_KEY: ADMIN_KEY,
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: double.connectionString,
    });

  it('exits 1 naming the read model file and the remedy; after deleting it, starts and rebuilds', async () => {
    const built = await EsdbDouble.start();
    const empty = await EsdbDouble.start();
    doubles.push(built, empty);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-replaced-'));
    const port = await freePort();

    const first = run(dataDir, built, port);
    await waitReady(port);
    const created = await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'replaced', companyName: 'Replaced' }),
    });
    expect(created.status).toBe(201);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const refused = await run(dataDir, empty, port).exited;
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/built from another event store.*the store is empty/);
    expect(refused.stderr).toContain(path.join(dataDir, 'read-model.db'));

    for (const file of fs.readdirSync(dataDir).filter((name) => name.startsWith('read-model.db')))
      fs.rmSync(path.join(dataDir, file));
    const again = run(dataDir, empty, port);
    await waitReady(port);
    const list = await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(((await list.json()) as { subscriptions: unknown[] }).subscriptions).toEqual([]);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});
