import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '../../src/platform/event-store/event-store.port';
import { reservationStream } from '../../src/platform/es/reservations';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  provision,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * userName uniqueness when a create crashed between claiming its name and writing its user: the
 * claim it left is appended straight into the started application's store (a crash cannot be
 * timed through HTTP); the creates that meet it go through HTTP. The rest of the uniqueness rule
 * is end to end in test/e2e/scim-users-sync-rules.e2e.spec.ts.
 */
describe('SCIM /Users: a userName reservation left by a crashed create', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('sync'));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('a reservation left by a crashed create blocks the name only while it may still be in flight', async () => {
    const store = running.app.get<EventStore>(EVENT_STORE);
    const leaveReservation = async (userName: string, ageMs: number) => {
      const scope = `userName:${tenant.name}`;
      const key = userName.toLowerCase();
      const at = new Date(Date.now() - ageMs).toISOString();
      const metadata = {
        schemaVersion: 1,
        correlationId: 'crashed-create',
        causationId: null,
        actor: 'test',
        timestamp: at,
      };
      const data = { scope, key, owner: randomUUID(), at };
      await store.append(
        reservationStream(scope, key),
        [{ id: randomUUID(), type: 'ReservationClaimed', data, metadata }],
        'no_stream',
      );
    };
    // Claimed since this server opened its store: a create of this process, maybe in flight.
    // (One claimed before it opened, by a process now gone, is taken over at once: see the
    // reservations' integration tests.)
    const recent = `${unique('inflight')}@contoso.test`;
    await leaveReservation(recent, 0);
    expectScimError(
      await tenant.scim.post('/scim/v2/Users', entraUser({ userName: recent })),
      409,
      'uniqueness',
    );
    const old = `${unique('crashed')}@contoso.test`;
    await leaveReservation(old, 10 * 60_000);
    expect((await provision(tenant, { userName: old })).userName).toBe(old);
  });
});
