import { expect } from '@jest/globals';
import type { Database } from 'better-sqlite3';
import { EVENT_STORE, EventStore } from '../../src/platform/event-store/event-store.port';
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

const NO_LIMIT = 1073741823;

/**
 * A read model that cannot write (its disk is full: here SQLite's max_page_count, the same
 * SQLITE_FULL on the server's own connection) stops at the last event it could project. A request
 * that must decide on an up-to-date read model then answers 503 without doing anything, and says
 * so; a write that was stored says that instead (found by a disk-full audit: a DELETE answered
 * "the change was stored" for a deletion that never happened). Recovery once the disk has room
 * again: test/unit/platform/projection-runner.spec.ts (the runner restarts with backoff).
 */
describe('SCIM while the read model cannot write', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let db: Database;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('full'));
    db = running.app.get<Database>(READ_MODEL_DB);
  });
  afterAll(async () => {
    db?.pragma(`max_page_count = ${NO_LIMIT}`);
    await running?.close();
  });

  it('a stored create says it was stored; a DELETE that must wait answers 503 "not carried out" and deletes nothing', async () => {
    const user = await provision(tenant);
    const store = running.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    // Stored in the log, not projected: the read model stops here.
    const creating = tenant.scim.post('/scim/v2/Users', entraUser({ displayName: 'x'.repeat(50_000) }));
    while ((await store.headPosition())?.commit === head?.commit) await new Promise((r) => setTimeout(r, 20));
    const [created, deleted] = await Promise.all([creating, tenant.scim.delete(`/scim/v2/Users/${user.id}`)]);

    expectScimError(created, 503);
    expect(created.body).toMatchObject({
      detail: 'the change was stored but the read model is behind; retry the read',
    });
    expectScimError(deleted, 503);
    expect(deleted.body).toMatchObject({
      detail: 'the read model is behind the event store, so the request was not carried out; retry later',
    });
    expect(deleted.headers['retry-after']).toBe('5');
    // The log (the history reads it, not the read model): provisioned, never deleted.
    const history = await auditApi(running.admin, tenant.name).fullHistory('users', user.id);
    expect(history.map((event) => event.type)).toEqual(['UserProvisioned']);
  }, 30_000);
});
