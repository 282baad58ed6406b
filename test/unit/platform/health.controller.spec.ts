import { expect } from '@jest/globals';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '../../../src/platform/event-store/event-store.port';
import type { AppendFailure } from '../../../src/platform/event-store/in-flight-appends';
import { HealthController } from '../../../src/platform/health/health.controller';
import type { ReadModel } from '../../../src/platform/read-model/read-model.service';

/** The controller over a store and a read model in a given state; the status it set on the reply. */
function readiness(state: { pingFails?: boolean; keepsUp?: boolean; appendFailure?: AppendFailure }) {
  const store = {
    ping: () => (state.pingFails ? Promise.reject(new Error('unreachable')) : Promise.resolve()),
    appendFailure: () => state.appendFailure,
  } as unknown as EventStore;
  const readModel = {
    keepsUp: () => Promise.resolve(state.keepsUp ?? true),
    position: null,
    error: undefined,
  } as unknown as ReadModel;
  let status = 200;
  const reply = {
    status: (code: number) => {
      status = code;
      return reply;
    },
  } as unknown as FastifyReply;
  return new HealthController(store, readModel).ready(reply).then((body) => ({ status, body }));
}

describe('HealthController /health/ready', () => {
  it('is ok (200) when the store answers and takes appends, and the read model keeps up', async () => {
    expect(await readiness({})).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { eventStore: 'ok', readModel: 'caught up' } },
    });
  });

  it('is degraded (still 200: reads are served) while the store refuses appends, and says since when and why', async () => {
    const appendFailure = { since: '2026-11-29T17:11:49.000Z', message: 'database or disk is full' };
    expect(await readiness({ appendFailure })).toMatchObject({
      status: 200,
      body: {
        status: 'degraded',
        checks: { eventStore: 'appends refused since 2026-11-29T17:11:49.000Z: database or disk is full' },
      },
    });
  });

  it('says the store refuses appends when the read model is stuck too (503)', async () => {
    const appendFailure = { since: '2026-11-29T17:11:49.000Z', message: 'database or disk is full' };
    expect(await readiness({ appendFailure, keepsUp: false })).toMatchObject({
      status: 503,
      body: {
        status: 'unavailable',
        checks: { eventStore: 'appends refused since 2026-11-29T17:11:49.000Z: database or disk is full' },
      },
    });
  });

  it('is unavailable (503) when the store does not answer or the read model falls behind', async () => {
    expect(await readiness({ pingFails: true })).toMatchObject({
      status: 503,
      body: { status: 'unavailable' },
    });
    expect(await readiness({ keepsUp: false })).toMatchObject({
      status: 503,
      body: { status: 'unavailable', checks: { readModel: 'catching up' } },
    });
  });
});
