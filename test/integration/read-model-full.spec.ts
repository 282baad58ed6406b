import { expect } from '@jest/globals';
import Database from 'better-sqlite3';
import { READ_MODEL_DB } from '../../src/platform/read-model/read-model-database';
import { auditApi } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * A read model that cannot write (here its file is held by another writer, so the read model's
 * writer thread meets SQLITE_BUSY; a full disk is the same transient failure, SQLITE_FULL) stops
 * at the last event it could project. A create is still answered once it is durable (its answer
 * comes from the decision, not the read model); what reads it then answers 503 instead of a
 * read that misses it, and a request that must decide on an up-to-date read model answers 503
 * without doing anything, and says so (found by a disk-full audit: a DELETE answered "the change
 * was stored" for a deletion that never happened). Once the file can be written again, the
 * runner restarts (test/unit/platform/projection-runner.spec.ts) and the reads answer.
 */
describe('SCIM while the read model cannot write', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let blocker: Database.Database | undefined;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('full'));
  });
  afterAll(async () => {
    if (blocker?.inTransaction) blocker.exec('ROLLBACK');
    blocker?.close();
    await running?.close();
  });

  it('a create is answered once stored; reads of it and a DELETE that must wait answer 503, then all is there', async () => {
    const user = await provision(tenant);
    const file = running.app.get<Database.Database>(READ_MODEL_DB).name;
    blocker = new Database(file);
    blocker.exec('BEGIN IMMEDIATE');

    const created = await tenant.scim.post('/scim/v2/Users', entraUser());
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const [read, deleted] = await Promise.all([
      tenant.scim.get(`/scim/v2/Users/${id}`),
      tenant.scim.delete(`/scim/v2/Users/${user.id}`),
    ]);
    for (const response of [read, deleted]) {
      expectScimError(response, 503);
      expect(response.body).toMatchObject({
        detail: 'the read model is behind the event store, so the request was not carried out; retry later',
      });
      expect(response.headers['retry-after']).toBe('5');
    }
    // The log (the history reads it, not the read model): provisioned, never deleted.
    const history = await auditApi(running.admin, tenant.name).fullHistory('users', user.id);
    expect(history.map((event) => event.type)).toEqual(['UserProvisioned']);

    blocker.exec('ROLLBACK');
    const after = await tenant.scim.get(`/scim/v2/Users/${id}`);
    expect(after.status).toBe(200);
    expect(after.text).toBe(created.text);
    expect((await tenant.scim.get(`/scim/v2/Users/${user.id}`)).status).toBe(200);
  }, 40_000);
});
