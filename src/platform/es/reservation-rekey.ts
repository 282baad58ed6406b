import type { Logger } from 'pino';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { CommandContext } from './command-context';
import { DomainEvent } from './domain-event';
import { EventSourcedRepository } from './event-sourced-repository';
import { ReservationTakenError } from './reservation.decider';
import { Reservations } from './reservations';

/** Where the re-keyings done are recorded: one event per scheme, appended once it is complete. */
export const RESERVATION_KEYS_STREAM = 'reservation-keys';

export type ReservationKeysRekeyed = DomainEvent<
  'ReservationKeysRekeyed',
  { scheme: string; rekeyed: number; conflicts: number; at: string }
>;

export const RESERVATION_KEYS_EVENT_VERSIONS: Record<ReservationKeysRekeyed['type'], number> = {
  ReservationKeysRekeyed: 1,
};

export interface RekeyPlan {
  /** Names the key function: a store re-keyed to it once is not scanned again. */
  scheme: string;
  /** The key a held reservation has under the new function (the same key when it did not change). */
  newKey(scope: string, key: string): string;
}

export interface RekeyOutcome {
  rekeyed: number;
  conflicts: number;
  /** False when the store had been re-keyed to this scheme already (nothing read). */
  scanned: boolean;
}

/**
 * When the function that turns a unique value into its reservation key changes, the values
 * held under an old key must be held under the new one too: otherwise the same name, asked under
 * the new key, finds a stream nobody claimed and is given to a second user. Reads the log once
 * (only reservation events are looked at), claims the new key for each current holder whose key
 * changed, then records the scheme so that later starts skip the scan. Idempotent: a claim by the
 * same owner is a no-op, and an interrupted run starts over. A new key another owner holds already
 * (a duplicate made before the re-keying) is left to that owner and counted as a conflict.
 */
export async function rekeyReservations(
  store: EventStore,
  repository: EventSourcedRepository,
  reservations: Reservations,
  plan: RekeyPlan,
  logger: Logger,
): Promise<RekeyOutcome> {
  if (await alreadyRekeyed(store, plan.scheme)) return { rekeyed: 0, conflicts: 0, scanned: false };
  const context: CommandContext = {
    correlationId: `rekey-${plan.scheme}`,
    actor: 'system:reservation-rekey',
  };
  const held = await heldReservationsWhoseKeyChanges(store, plan);
  let rekeyed = 0;
  let conflicts = 0;
  for (const { scope, key, owner } of held.values()) {
    const newKey = plan.newKey(scope, key);
    try {
      if (await reservations.claim(scope, newKey, owner, context)) rekeyed += 1;
    } catch (error) {
      if (!(error instanceof ReservationTakenError)) throw error;
      conflicts += 1;
      logger.warn(
        { scope, key, newKey, owner, holder: error.owner },
        'reservation not re-keyed: another owner holds the new key (two holders of one name)',
      );
    }
  }
  const event: ReservationKeysRekeyed = {
    type: 'ReservationKeysRekeyed',
    data: { scheme: plan.scheme, rekeyed, conflicts, at: new Date().toISOString() },
  };
  await repository.appendDecided(RESERVATION_KEYS_STREAM, [event], 'any', context);
  if (rekeyed > 0 || conflicts > 0)
    logger.warn({ scheme: plan.scheme, rekeyed, conflicts }, 'reservations re-keyed');
  return { rekeyed, conflicts, scanned: true };
}

async function alreadyRekeyed(store: EventStore, scheme: string): Promise<boolean> {
  for await (const recorded of store.readStream(RESERVATION_KEYS_STREAM))
    if (recorded.type === 'ReservationKeysRekeyed' && recorded.data.scheme === scheme) return true;
  return false;
}

/** The current holder of every reservation whose key the plan changes, by stream. */
async function heldReservationsWhoseKeyChanges(
  store: EventStore,
  plan: RekeyPlan,
): Promise<Map<string, { scope: string; key: string; owner: string }>> {
  const held = new Map<string, { scope: string; key: string; owner: string }>();
  for await (const recorded of store.readAll()) {
    if (recorded.type !== 'ReservationClaimed' && recorded.type !== 'ReservationReleased') continue;
    const { scope, key, owner } = reservationData(recorded);
    if (plan.newKey(scope, key) === key) continue;
    if (recorded.type === 'ReservationClaimed') held.set(recorded.streamId, { scope, key, owner });
    else if (held.get(recorded.streamId)?.owner === owner) held.delete(recorded.streamId);
  }
  return held;
}

function reservationData(recorded: RecordedEvent): { scope: string; key: string; owner: string } {
  const { scope, key, owner } = recorded.data as { scope: string; key: string; owner: string };
  return { scope, key, owner };
}
