import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandContext } from './command-context';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store/event-store.errors';
import { Created, EventSourcedRepository, NewStream } from './event-sourced-repository';
import { ReservationTakenError, reservationDecider } from './reservation.decider';

/** Whether the holder of a reservation still uses the value. */
export type HolderState = 'using' | 'not-using' | 'gone';

/**
 * How long a claim whose holder does not (yet) carry the value counts as a create in flight;
 * after that it is taken to be left behind by a crash, and may be taken over.
 */
export const IN_FLIGHT_CLAIM_MS = 30_000;

/**
 * Whether a claim may be undone after the write it was made for failed. Not when the store could
 * not answer (unavailable): the write may have been stored and only its answer lost, and undoing
 * the claim would leave a user carrying a name nobody holds (seen with EventStoreDB restarting).
 * Kept, the claim is either the stored holder's, or, not carried, taken over after
 * IN_FLIGHT_CLAIM_MS like any other abandoned claim.
 */
function mayUndoClaim(writeError: unknown): boolean {
  return !(writeError instanceof EventStoreUnavailableError);
}

const MAX_ENDED_WRITES = 10_000;

const endedWrite = (stream: string, owner: string) => `${stream}\n${owner}`;

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
  /** Claims (stream and owner) whose write failed in this process without the store saying how. */
  private readonly endedWrites = new Set<string>();

  constructor(private readonly repository: EventSourcedRepository) {}

  /**
   * Claims `key` for `owner`. When someone else holds it, `holderState(holder)` says whether the
   * holder still uses the value: a holder that is gone gives it up at once; one that does not carry
   * it (a create or rename in flight, or one that crashed after reserving) gives it up only once
   * its claim is older than IN_FLIGHT_CLAIM_MS, or was made by an earlier process (see
   * noLongerInFlight). True when this call claimed it; false when the
   * owner held it already (then a caller undoing its work must not release it: it is not its own).
   */
  async claim(
    scope: string,
    key: string,
    owner: string,
    context: CommandContext,
    holderState?: (holder: string) => Promise<HolderState>,
  ): Promise<boolean> {
    const stream = reservationStream(scope, key);
    const at = new Date().toISOString();
    // This owner's write for the value is in flight again.
    this.endedWrites.delete(endedWrite(stream, owner));
    try {
      const claimed = await this.repository.execute(
        stream,
        reservationDecider,
        { type: 'Claim', scope, key, owner, at },
        context,
        // Most claims are of values nobody holds: no read first; a held one conflicts, then is read.
        { newStream: true },
      );
      return claimed.events.length > 0;
    } catch (error) {
      if (!(error instanceof ReservationTakenError) || !holderState) throw error;
      const holder = await holderState(error.owner);
      const ended = endedWrite(stream, error.owner);
      const abandoned =
        holder === 'gone' ||
        (holder === 'not-using' && (this.endedWrites.has(ended) || this.noLongerInFlight(error.claimedAt)));
      if (!abandoned) throw error;
      this.endedWrites.delete(ended);
      await this.repository.execute(
        stream,
        reservationDecider,
        { type: 'Claim', scope, key, owner, at, replacing: error.owner },
        context,
      );
      return true;
    }
  }

  /**
   * A claim its holder does not carry is a write in flight for IN_FLIGHT_CLAIM_MS, unless it was
   * made before this process became the store's only writer: then its process is gone (a crash
   * between the claim and the holder's append), and waiting would only refuse the name for
   * nothing. (This reads the claim's wall-clock time: a clock set back across the start could
   * take a claim of this process for an old one.)
   */
  private noLongerInFlight(claimedAt: string): boolean {
    const at = Date.parse(claimedAt);
    const soleWriterSince = this.repository.soleWriterSince;
    if (soleWriterSince && at < soleWriterSince.getTime()) return true;
    return Date.now() - at > IN_FLIGHT_CLAIM_MS;
  }

  /**
   * Claims a value nobody ever held together with the stream that takes it, in one atomic append
   * (a create: one durable commit instead of two). Undefined, with nothing written, when the
   * caller must claim() and then create: the store appends one stream at a time (EventStoreDB),
   * or the value's stream exists (held, released before, or left by a crash: claim() decides),
   * or the new stream does (its own append then reports that).
   */
  async claimCreating(
    scope: string,
    key: string,
    owner: string,
    context: CommandContext,
    creation: NewStream,
  ): Promise<Created | undefined> {
    const claim = reservationDecider.decide(
      { type: 'Claim', scope, key, owner, at: new Date().toISOString() },
      reservationDecider.initialState,
    );
    try {
      const created = await this.repository.createAtomically(
        [{ streamId: reservationStream(scope, key), events: claim, decider: reservationDecider }, creation],
        context,
      );
      return created?.[1];
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return undefined;
      throw error;
    }
  }

  /**
   * The write `owner` claimed `key` for has failed. The claim is undone, unless the store could not
   * answer (see mayUndoClaim): then it is kept, but is no longer in flight, so the next claimant
   * finds out from the holder whether the write was stored (the name is taken) or not (it is
   * taken over at once), instead of being refused for IN_FLIGHT_CLAIM_MS.
   */
  async afterFailedWrite(
    scope: string,
    key: string,
    owner: string,
    context: CommandContext,
    writeError: unknown,
  ): Promise<void> {
    if (mayUndoClaim(writeError)) return this.release(scope, key, owner, context);
    // Bounded: only store outages add entries; forgetting them restores the 30 s rule.
    if (this.endedWrites.size >= MAX_ENDED_WRITES) this.endedWrites.clear();
    this.endedWrites.add(endedWrite(reservationStream(scope, key), owner));
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
