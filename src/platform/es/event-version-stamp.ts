import type { EventStore } from '../event-store/event-store.port';

/**
 * Per event type, a schema version. Kept with the log as its "stamp": for each type, the highest
 * version any build declared writing to this log. A build stamps its versions before it appends
 * anything, and refuses a log stamped higher than it knows: an event written by a newer build
 * would otherwise pass through the registry unchanged and be misread (metadata.schemaVersion is
 * not read per event: that would cost the replay). A log written before stamps existed holds no
 * stamp: every build before the first stamping one wrote versions up to its own, so nothing newer.
 */
export type EventVersions = ReadonlyMap<string, number>;

/** A stamped type this build cannot read: `known` is null when it does not know the type at all. */
export interface NewerEventVersion {
  type: string;
  stamped: number;
  known: number | null;
}

/** The stamped types this build would misread (a higher version, or a type it does not know), by type. */
export function newerEventVersions(stamped: EventVersions, known: EventVersions): NewerEventVersion[] {
  const newer: NewerEventVersion[] = [];
  for (const [type, version] of stamped) {
    const current = known.get(type);
    if (current === undefined || version > current)
      newer.push({ type, stamped: version, known: current ?? null });
  }
  return newer.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** A known type whose stamp this build raises: `stamped` is null when the log has no stamp for it. */
export interface RaisedEventVersion {
  type: string;
  stamped: number | null;
  known: number;
}

/** The known types stamped lower than this build writes them (or not at all), by type. */
export function raisedEventVersions(stamped: EventVersions, known: EventVersions): RaisedEventVersion[] {
  const raised: RaisedEventVersion[] = [];
  for (const [type, version] of known) {
    const current = stamped.get(type);
    if (current === undefined || version > current)
      raised.push({ type, stamped: current ?? null, known: version });
  }
  return raised.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** The highest of both, per type: a stamp is only ever raised. */
export function mergeEventVersions(stamped: EventVersions, raise: EventVersions): Map<string, number> {
  const merged = new Map(stamped);
  for (const [type, version] of raise) merged.set(type, Math.max(version, merged.get(type) ?? version));
  return merged;
}

/** The log holds event types at versions this build does not know: it was written by a newer build. */
export class NewerEventLogError extends Error {
  constructor(
    readonly newer: readonly NewerEventVersion[],
    where: string,
  ) {
    const listed = newer
      .map(({ type, stamped, known }) =>
        known === null
          ? `${type} version ${stamped} (a type this build does not know)`
          : `${type} version ${stamped} (this build reads up to ${known})`,
      )
      .join(', ');
    super(
      `${where} holds events written by a newer build of this service: ${listed}. ` +
        'This build would misread them: run that newer build (or a later one) instead, ' +
        'or restore a backup of the event log taken before the newer build first ran.',
    );
    this.name = 'NewerEventLogError';
  }
}

/** Throws NewerEventLogError when the log's stamp is higher than `known`; answers the stamp. */
export async function checkEventVersions(
  store: EventStore,
  known: EventVersions,
  where: string,
): Promise<EventVersions> {
  const stamped = await store.readEventVersionStamp();
  const newer = newerEventVersions(stamped, known);
  if (newer.length > 0) throw new NewerEventLogError(newer, where);
  return stamped;
}

/**
 * What a writer runs before its first append: checks the stamp, then raises it to `known`. Writes
 * only when something is raised, so a restart of the same build costs one small read.
 */
export async function stampEventVersions(
  store: EventStore,
  known: EventVersions,
  where: string,
): Promise<RaisedEventVersion[]> {
  const raised = raisedEventVersions(await checkEventVersions(store, known, where), known);
  if (raised.length > 0) await store.raiseEventVersionStamp(known);
  return raised;
}
