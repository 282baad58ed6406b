import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandContext } from './command-context';
import { EventSourcedRepository } from './event-sourced-repository';
import { ReservationTakenError, reservationDecider } from './reservation.decider';

/** Stream of one reserved value; hashed so any value (length, characters) makes a valid name. */
export function reservationStream(scope: string, key: string): string {
  return `reservation-${scope}-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

/**
 * Claims and releases unique values (userName, group displayName) in the event store itself, so
 * uniqueness holds across app instances sharing one store.
 */
@Injectable()
export class Reservations {
  constructor(private readonly repository: EventSourcedRepository) {}

  /**
   * Claims `key` for `owner`. When someone else holds it, `isStale(holder)` may declare the holder
   * gone (e.g. a create that crashed between reservation and aggregate); then the claim takes over.
   */
  async claim(
    scope: string,
    key: string,
    owner: string,
    context: CommandContext,
    isStale?: (holder: string) => Promise<boolean>,
  ): Promise<void> {
    const stream = reservationStream(scope, key);
    try {
      await this.repository.execute(
        stream,
        reservationDecider,
        { type: 'Claim', scope, key, owner },
        context,
      );
    } catch (error) {
      if (!(error instanceof ReservationTakenError) || !isStale || !(await isStale(error.owner))) throw error;
      await this.repository.execute(
        stream,
        reservationDecider,
        { type: 'Claim', scope, key, owner, replacing: error.owner },
        context,
      );
    }
  }

  async release(scope: string, key: string, owner: string, context: CommandContext): Promise<void> {
    await this.repository.execute(
      reservationStream(scope, key),
      reservationDecider,
      { type: 'Release', scope, key, owner },
      context,
    );
  }
}
