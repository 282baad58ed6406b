import { randomUUID } from 'node:crypto';
import { mergeEventVersions } from '../../es/event-version-stamp';
import { CONFLICT_ATTEMPTS, retryOnConflict } from '../../es/retry-on-conflict';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type { EventStore, JsonObject, NewEvent } from '../event-store.port';

/**
 * EventStoreDB keeps the log apart from DATA_DIR, so the event version stamp lives in the log
 * itself: each raise appends the whole stamp to this stream, and the last event is the stamp.
 * Not a `$` stream (those need the server's admin rights), and no tenant's: stream names carry a
 * subscription after a type prefix (`user-<subscription>_…`). readAll and subscriptions skip it
 * (system-events.ts): projections, the saga, export and import never see it.
 */
export const EVENT_VERSION_STAMP_STREAM = 'scim-service-event-versions';
const STAMP_EVENT = 'EventVersionsStamped';

type StreamAccess = Pick<EventStore, 'append' | 'readStream'>;

interface Stamp {
  versions: Map<string, number>;
  /** Of the stream's last event; null when nothing was stamped yet. */
  revision: number | null;
}

export async function readStamp(store: StreamAccess): Promise<Stamp> {
  for await (const event of store.readStream(EVENT_VERSION_STAMP_STREAM, {
    direction: 'backwards',
    maxCount: 1,
  }))
    return { versions: parseVersions(event.data, event.revision), revision: event.revision };
  return { versions: new Map(), revision: null };
}

/** Appends the merged stamp after the last one read; another instance starting meanwhile makes it read again. */
export async function raiseStamp(store: StreamAccess, versions: ReadonlyMap<string, number>): Promise<void> {
  await retryOnConflict(
    {
      attempts: CONFLICT_ATTEMPTS.eventVersionStamp,
      isConflict: (error) => error instanceof WrongExpectedRevisionError,
      exhausted: (error) => error,
    },
    async () => {
      const stamp = await readStamp(store);
      const merged = mergeEventVersions(stamp.versions, versions);
      if ([...merged].every(([type, version]) => stamp.versions.get(type) === version)) return;
      await store.append(EVENT_VERSION_STAMP_STREAM, [stampEvent(merged)], stamp.revision ?? 'no_stream');
    },
  );
}

function stampEvent(versions: ReadonlyMap<string, number>): NewEvent {
  return {
    id: randomUUID(),
    type: STAMP_EVENT,
    data: { versions: Object.fromEntries([...versions].sort(([a], [b]) => (a < b ? -1 : 1))) },
    metadata: {
      schemaVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      actor: 'system:event-version-stamp',
      timestamp: new Date().toISOString(),
    },
  };
}

function parseVersions(data: JsonObject, revision: number): Map<string, number> {
  const versions = data.versions;
  const bad = (): Error =>
    new Error(
      `${EVENT_VERSION_STAMP_STREAM}@${revision} is not an event version stamp ({"versions": {type: n}})`,
    );
  if (typeof versions !== 'object' || versions === null || Array.isArray(versions)) throw bad();
  const parsed = new Map<string, number>();
  for (const [type, version] of Object.entries(versions)) {
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw bad();
    parsed.set(type, version);
  }
  return parsed;
}
