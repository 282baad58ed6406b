import { randomUUID } from 'node:crypto';
import { subscriptionStream } from '../../src/modules/subscription/contracts/subscription-stream';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  reconnect,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const DEPARTMENT = `${ENTERPRISE}:department`;

/**
 * A ProvisioningPolicyChanged stored at version 1 (required attributes as SCIM paths, as the code
 * wrote it until v2) in a real store: the policy it set is still in force and answered as before.
 */
describe('subscription: a version 1 provisioning policy event keeps its meaning', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    const first = await startApp();
    tenant = await createTenant(first, uniqueSubscriptionName('policy-v1'));
    await first.close({ keepData: true });

    // Written raw, straight into the store: exactly the bytes the v1 code appended.
    const store = await SqliteEventStore.open({ dataDir: first.dataDir });
    const at = new Date().toISOString();
    await store.append(
      subscriptionStream(tenant.name),
      [
        {
          id: randomUUID(),
          type: 'ProvisioningPolicyChanged',
          data: {
            requiredUserAttributes: ['userName', 'name.familyName', DEPARTMENT],
            synchronizeDisabledUsers: true,
            at,
          },
          metadata: {
            schemaVersion: 1,
            correlationId: 'v1',
            causationId: null,
            actor: 'admin',
            timestamp: at,
          },
        },
      ],
      'any',
    );
    await store.close();
    running = await startApp({}, first.dataDir);
    tenant = reconnect(running, tenant);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('the admin API answers the policy with the SCIM names it was set with', async () => {
    const response = await running.admin.get(`/admin/v1/subscriptions/${tenant.name}/provisioning-policy`);
    expect(response.body).toEqual({
      requiredUserAttributes: ['userName', 'name.familyName', DEPARTMENT],
      synchronizeDisabledUsers: true,
    });
  });

  it('SCIM enforces it: a user without a department is refused, naming it; one with it is created', async () => {
    const body = entraUser({ [ENTERPRISE]: { employeeNumber: '7' } });
    expectScimError(await tenant.scim.post('/scim/v2/Users', body), 400, 'invalidValue', /department/);
    const complete = { ...body, [ENTERPRISE]: { department: 'Sales' } };
    expect((await tenant.scim.post('/scim/v2/Users', complete)).status).toBe(201);
  });

  it('a disabled user is accepted (synchronizeDisabledUsers true in the v1 event)', async () => {
    expect((await tenant.scim.post('/scim/v2/Users', entraUser({ active: false }))).status).toBe(201);
  });
});
