import { RunningApp, startApp } from '../support/e2e-app';
import {
  Tenant,
  createTenant,
  entraUser,
  getUser,
  patchOp,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * Writes of one user that race each other (found by a black-box audit): none may break a rule,
 * and none that names no version (no If-Match) may be refused for a version. The races that need
 * one forced from inside the application are in test/integration/scim-users-races.spec.ts.
 */
describe('SCIM Users: concurrent writes of one user', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('race'));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('200 PUTs and PATCHes without If-Match at once: every one answers 200, the last one wins', async () => {
    // They used to answer 409 (PUT, retries exhausted) and 412 (PATCH, a version nobody asked for).
    const user = await provision(tenant);
    const body = entraUser({ userName: user.userName });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? tenant.scim.put(`/scim/v2/Users/${user.id}`, { ...body, title: `put-${i}` })
          : tenant.scim.patch(
              `/scim/v2/Users/${user.id}`,
              patchOp({ op: 'Replace', path: 'displayName', value: `patch-${i}` }),
            ),
      ),
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text}`)).toEqual([]);
    const last = answers.reduce((a, b) =>
      Number((a.body as { meta: { version: string } }).meta.version.slice(3, -1)) >
      Number((b.body as { meta: { version: string } }).meta.version.slice(3, -1))
        ? a
        : b,
    );
    expect(await getUser(tenant, user.id)).toEqual(last.body);
  });
});
