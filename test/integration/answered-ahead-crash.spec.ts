import { client } from '../support/http-client';
import { createTenantOn, crashTestDataDir } from '../support/killable-server';
import { Tenant, entraUser, uniqueSubscriptionName } from '../support/scim-fixtures';

const CONCURRENCY = 32;
const ANSWERS_BEFORE_KILL = 300;

/**
 * A SCIM create is answered once its append is durable, before the read model holds it (the read
 * model's writer thread catches up after). SIGKILLed in the middle of such creates, the restarted
 * server answers every acknowledged user exactly as its create answered it: nothing acknowledged
 * is lost, and the projection writes the document the answer promised. (That reads wait for the
 * head found at start, before the server is ready: subscription-policy-evolution.e2e.spec.ts.)
 */
describe('writes answered ahead of the read model: crash (SIGKILL) and restart', () => {
  const data = crashTestDataDir('answered-ahead-crash-');

  it('every acknowledged create reads back at once after the restart, byte for byte', async () => {
    let server = await data.start();
    const tenant = await createTenantOn(server, uniqueSubscriptionName('ahead'));
    const answered = new Map<string, string>();
    let stop = false;
    const creators = Array.from({ length: CONCURRENCY }, async () => {
      while (!stop) {
        const created = await tenant.scim.post('/scim/v2/Users', entraUser()).catch(() => undefined);
        if (created?.status !== 201) continue;
        answered.set((created.body as { id: string }).id, created.text);
        if (answered.size >= ANSWERS_BEFORE_KILL) stop = true;
      }
    });
    const running = server;
    await Promise.race([
      Promise.all(creators),
      (async () => {
        while (answered.size < ANSWERS_BEFORE_KILL) await new Promise((r) => setTimeout(r, 2));
        running.child.kill('SIGKILL');
      })(),
    ]);
    stop = true;
    await Promise.allSettled(creators);
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });

    server = await data.start();
    const again: Tenant = {
      ...tenant,
      scim: client(server.baseUrl, { authorization: `Bearer ${tenant.token}`, host: tenant.host }),
    };
    // All at once, right after the start: none may miss a user it acknowledged.
    const reads = await Promise.all(
      [...answered].map(async ([id, text]) => ({
        id,
        text,
        read: await again.scim.get(`/scim/v2/Users/${id}`),
      })),
    );
    const wrong = reads.filter(({ text, read }) => read.status !== 200 || read.text !== text);
    expect(wrong.map(({ id, read }) => `${id}: ${read.status}`)).toEqual([]);
  }, 60_000);
});
