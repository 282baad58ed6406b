import { RESERVATION_KEYS_EVENT_VERSIONS } from '../../../platform/es/reservation-rekey';
import { RESERVATION_EVENT_VERSIONS } from '../../../platform/es/reservation.decider';
import { GROUP_EVENT_VERSIONS } from '../../identity/contracts/group.events';
import { USER_EVENT_VERSIONS } from '../../identity/contracts/user.events';
import { OWNERSHIP_EVENT_VERSIONS } from '../../ownership/contracts/ownership.events';
import { SUBSCRIPTION_EVENT_VERSIONS } from '../../subscription/contracts/subscription.events';

/**
 * Every event type this build writes or reads, with its current schema version: what an import
 * checks a file against, so that a log written by a newer build (a type or a version this one
 * does not know) is refused before it is stored, instead of misread by the projections later.
 * A test keeps it equal to what the modules register at start.
 */
export const KNOWN_EVENT_VERSIONS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    ...RESERVATION_EVENT_VERSIONS,
    ...RESERVATION_KEYS_EVENT_VERSIONS,
    ...SUBSCRIPTION_EVENT_VERSIONS,
    ...USER_EVENT_VERSIONS,
    ...GROUP_EVENT_VERSIONS,
    ...OWNERSHIP_EVENT_VERSIONS,
  }),
);
