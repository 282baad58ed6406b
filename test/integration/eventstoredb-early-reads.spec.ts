import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EsdbDouble } from '../support/esdb-double/esdb-double';
import { freePort, startServer, waitReady } from '../support/server-process';

const ADMIN_KEY = 'early-reads-admin-key-0123';

/**
 * The built server in its own process on the EventStoreDB adapter (the double in this one: the
 * two event loops' timing is what a real deployment has, and what the in-process tests lack).
 * History pages stop reading at their last event; each such read used to leave its gRPC call
 * open for good (16.6 KB each: 76 MB a minute in a soak), and SIGTERM then waited on them.
 */
describe('EventStoreDB mode: reads left early', () => {
  it('history pages leave no call open: SIGTERM ends at once, without "calls still unfinished"', async () => {
    const double = await EsdbDouble.start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'early-reads-'));
    const port = await freePort();
    const server = startServer({
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_API_KEY: ADMIN_KEY,
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: double.connectionString,
    });
    try {
      await waitReady(port);
      const api = (method: string, url: string, body?: unknown) =>
        fetch(`http://127.0.0.1:${port}${url}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      expect(
        (await api('POST', '/admin/v1/subscriptions', { name: 'early', companyName: 'Early' })).status,
      ).toBe(201);
      const history = '/admin/v1/subscriptions/early/history';
      for (let i = 0; i < 4; i++)
        expect(
          (await api('POST', '/admin/v1/subscriptions/early/scim-tokens', { description: `t${i}` })).status,
        ).toBe(201);
      for (let i = 0; i < 50; i++) {
        expect((await api('GET', `${history}?limit=1`)).status).toBe(200);
        expect((await api('GET', `${history}?fromRevision=100`)).status).toBe(200);
      }
      const stopping = Date.now();
      server.child.kill('SIGTERM');
      const exited = await server.exited;
      expect(exited.code).toBe(0);
      expect(exited.stdout + exited.stderr).not.toMatch(/calls still unfinished/);
      expect(Date.now() - stopping).toBeLessThan(1_500);
    } finally {
      server.child.kill('SIGKILL');
      await double.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
