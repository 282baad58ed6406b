import { entraUser, uniqueSubscriptionName } from '../support/scim-fixtures';
import { createTenantOn, crashTestDataDir } from '../support/killable-server';

interface Entry {
  method: string;
  status: number;
  correlationId: string;
}

/**
 * The provisioning log buffers entries in memory before its worker writes them: a process crash
 * loses what is still buffered. Writes and refusals (a refused create is recorded nowhere else)
 * are handed over within 50 ms, so a SIGKILL a moment after their answers keeps them.
 */
describe('provisioning log: SIGKILL right after SCIM writes and refusals', () => {
  const data = crashTestDataDir('plog-crash-');

  it('keeps every answered write and refusal', async () => {
    let server = await data.start();
    const name = uniqueSubscriptionName('plogcrash');
    const tenant = await createTenantOn(server, name);
    const sent: { correlationId: string; status: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const correlationId = `plog-crash-${i}`;
      // Every other one without givenName: refused as incomplete (400), stored nowhere else.
      const body = i % 2 ? entraUser({ name: { familyName: 'Only' } }) : entraUser();
      const response = await tenant.scim.post('/scim/v2/Users', body, { 'x-correlation-id': correlationId });
      sent.push({ correlationId, status: response.status });
    }
    expect(sent.map((s) => s.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? 400 : 201)));
    // Well inside the 500 ms that reads may wait, well past the 50 ms writes may.
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGKILL');
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });

    server = await data.start();
    const log = await server.admin.get(
      `/admin/v1/subscriptions/${name}/provisioning-log?method=POST&limit=100`,
    );
    const entries = (log.body as { entries: Entry[] }).entries;
    expect(entries.map((e) => ({ correlationId: e.correlationId, status: e.status })).reverse()).toEqual(
      sent,
    );
  }, 60_000);
});
