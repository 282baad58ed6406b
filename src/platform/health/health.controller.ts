import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { formatPosition } from '../event-store/position';
import { ReadModel } from '../read-model/read-model.service';
import { WaitsForAnsweredWritesItself } from '../http/read-your-writes.guard';

/** What /health/ready answers, 200 or 503: which check fails, and how far the read model is. */
export interface Readiness {
  /** degraded (200): reads are served, but the store refuses this process's appends (see ready()). */
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, string>;
  readModelPosition: string | null;
}

/** How long the read model may take to reach the head a readiness check finds. */
const READY_LAG_MS = 1000;

// Readiness reports a lagging read model; it never waits for it.
@WaitsForAnsweredWritesItself()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ReadModel,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready = the store answers and the read model keeps up with it: it reaches the store's head of
   * this moment within READY_LAG_MS (under steady writes it is never exactly at the head, and a
   * load balancer must not take the instance out for that). Not ready: 503 with the same body,
   * so that an operator sees which check fails. Degraded (still 200): the store answers but
   * refuses appends (a full disk): reads are served, and only an append can tell it takes them
   * again, so the instance stays in the load balancer; monitoring alerts on the status.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const checks: Record<string, string> = {};
    try {
      await this.store.ping();
      checks.eventStore = 'ok';
    } catch (error) {
      checks.eventStore = error instanceof Error ? error.message : 'unreachable';
    }
    const caughtUp =
      checks.eventStore === 'ok' && (await this.readModel.keepsUp(READY_LAG_MS).catch(() => false));
    const position = this.readModel.position;
    checks.readModel = this.readModel.error
      ? `failed: ${this.readModel.error.message}`
      : caughtUp
        ? 'caught up'
        : 'catching up';
    const refused = this.store.appendFailure();
    const ready = checks.eventStore === 'ok' && caughtUp;
    // Said whatever the read model's state: a full disk usually stops both.
    if (checks.eventStore === 'ok' && refused)
      checks.eventStore = `appends refused since ${refused.since}: ${refused.message}`;
    const body: Readiness = {
      status: !ready ? 'unavailable' : refused ? 'degraded' : 'ok',
      checks,
      readModelPosition: position ? formatPosition(position) : null,
    };
    if (body.status === 'unavailable') void reply.status(503);
    return body;
  }
}
