import { Decider } from './decider';
import { DomainError, DomainEvent, assertNever } from './domain-event';

export type ReservationEvent =
  | DomainEvent<'ReservationClaimed', { scope: string; key: string; owner: string; at: string }>
  | DomainEvent<'ReservationReleased', { scope: string; key: string; owner: string }>;

/** Current schema version of each reservation event (platform events: no module registers them). */
export const RESERVATION_EVENT_VERSIONS: Record<ReservationEvent['type'], number> = {
  ReservationClaimed: 1,
  ReservationReleased: 1,
};

export type ReservationCommand =
  | {
      type: 'Claim';
      scope: string;
      key: string;
      owner: string;
      at: string;
      /** take over from this owner */
      replacing?: string;
    }
  | { type: 'Release'; scope: string; key: string; owner: string };

export type ReservationState = { status: 'free' } | { status: 'claimed'; owner: string; at: string };

export class ReservationTakenError extends DomainError {
  constructor(
    readonly scope: string,
    readonly key: string,
    readonly owner: string,
    /** When the holder claimed it: a young claim may be a create still in flight. */
    readonly claimedAt: string,
  ) {
    super('reservation.taken', `${scope} "${key}" is already taken`, 'conflict');
  }
}

/**
 * The refusal of a claim, worded for the client: `value` as it was sent and who holds it (the
 * reservation's own message shows its scope and folded key). Any other error is returned as is.
 */
export function takenAs(error: unknown, value: string, holder: string): unknown {
  if (!(error instanceof ReservationTakenError)) return error;
  return new DomainError(error.code, `${value} is already taken by ${holder}`, 'conflict');
}

/** Uniqueness across aggregates: one stream per reserved value, claimed and released by events. */
export const reservationDecider: Decider<ReservationCommand, ReservationEvent, ReservationState> = {
  initialState: { status: 'free' },
  decide(command, state) {
    const { scope, key, owner } = command;
    switch (command.type) {
      case 'Claim':
        if (state.status === 'claimed') {
          if (state.owner === owner) return [];
          if (state.owner !== command.replacing)
            throw new ReservationTakenError(scope, key, state.owner, state.at);
        }
        return [{ type: 'ReservationClaimed', data: { scope, key, owner, at: command.at } }];
      case 'Release':
        if (state.status !== 'claimed' || state.owner !== owner) return [];
        return [{ type: 'ReservationReleased', data: { scope, key, owner } }];
      default:
        return assertNever(command);
    }
  },
  evolve(_state, event) {
    switch (event.type) {
      case 'ReservationClaimed':
        return { status: 'claimed', owner: event.data.owner, at: event.data.at };
      case 'ReservationReleased':
        return { status: 'free' };
      default:
        return assertNever(event);
    }
  },
};
