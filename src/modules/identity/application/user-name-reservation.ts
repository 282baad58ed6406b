import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { CommandContext } from '../../../platform/es/command-context';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { Reservations, reservationStream } from '../../../platform/es/reservations';
import { userStream } from '../contracts/user.events';
import { userDecider } from '../domain/user.decider';

const scope = (subscription: string) => `userName:${subscription}`;
// RFC 7643: userName is caseExact false, so uniqueness ignores case.
const key = (userName: string) => userName.toLowerCase();

/**
 * A holder whose user does not (yet) carry the name is a create or rename in flight, or one that
 * crashed after reserving: only a claim older than this is taken to be the crashed kind.
 */
export const IN_FLIGHT_CLAIM_MS = 30_000;

/** userName uniqueness per subscription, held in reservation streams of the event store. */
@Injectable()
export class UserNameReservation {
  constructor(
    private readonly reservations: Reservations,
    private readonly repository: EventSourcedRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async claim(
    subscription: string,
    userName: string,
    userId: string,
    context: CommandContext,
  ): Promise<void> {
    // A holder is stale when it was deleted, or when a create crashed after reserving or a rename
    // did not release (it still does not carry the name once the claim is old enough).
    const isStale = async (holder: string) => {
      const { state } = await this.repository.load(userStream(subscription, holder), userDecider);
      if (state.status === 'deleted') return true;
      if (state.status !== 'absent' && key(state.profile.userName) === key(userName)) return false;
      return (await this.claimAgeMs(subscription, userName)) > IN_FLIGHT_CLAIM_MS;
    };
    await this.reservations.claim(scope(subscription), key(userName), userId, context, isStale);
  }

  async release(
    subscription: string,
    userName: string,
    userId: string,
    context: CommandContext,
  ): Promise<void> {
    await this.reservations.release(scope(subscription), key(userName), userId, context);
  }

  sameName(a: string, b: string): boolean {
    return key(a) === key(b);
  }

  private async claimAgeMs(subscription: string, userName: string): Promise<number> {
    const stream = reservationStream(scope(subscription), key(userName));
    for await (const last of this.store.readStream(stream, { direction: 'backwards', maxCount: 1 }))
      return Date.now() - Date.parse(last.metadata.timestamp);
    return Number.POSITIVE_INFINITY;
  }
}
