import { randomUUID } from 'node:crypto';
import { userStream } from '../../src/modules/identity/contracts/user.events';
import { EVENT_STORE, EventStore } from '../../src/platform/event-store/event-store.port';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ScimUser,
  Tenant,
  createTenant,
  enterprise,
  getUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * A manager's deletion releases its reports, also one whose assignment the log records after the
 * deletion: what a PATCH that checked the manager a moment before the DELETE leaves. That event is
 * appended straight into the started application's store (no request can be timed to land there);
 * the rest goes through HTTP. The other cases of the deletion are end to end in
 * test/e2e/scim-users-manager.e2e.spec.ts.
 */
describe("SCIM /Users: a manager's deletion, an assignment recorded after it", () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('mgr'));
  });
  afterAll(async () => {
    await running?.close();
  });

  const managerOf = (user: ScimUser) => enterprise(user)?.manager;

  /** Polls GET until the user has no manager (the release follows the deletion in the background). */
  const managerlessSoon = async (userId: string) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const user = await getUser(tenant, userId);
      if (managerOf(user) === undefined) return user;
      if (Date.now() > deadline)
        throw new Error(`${userId} still has manager ${JSON.stringify(managerOf(user))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('an assignment recorded after the deletion (decided before it) is released as well', async () => {
    const boss = await provision(tenant);
    const report = await provision(tenant);
    expect((await tenant.scim.delete(`/scim/v2/Users/${boss.id}`)).status).toBe(204);
    // What a PATCH that checked the manager a moment before the DELETE leaves in the log.
    const store = running.app.get<EventStore>(EVENT_STORE);
    const at = new Date().toISOString();
    await store.append(
      userStream(tenant.name, report.id),
      [
        {
          id: randomUUID(),
          type: 'UserManagerAssigned',
          data: { subscription: tenant.name, userId: report.id, managerId: boss.id, at },
          metadata: {
            schemaVersion: 1,
            correlationId: 'late-assignment',
            causationId: null,
            actor: 'scim-token:late',
            timestamp: at,
          },
        },
      ],
      0,
    );
    await managerlessSoon(report.id);
  });
});
