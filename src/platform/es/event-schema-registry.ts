import { Injectable } from '@nestjs/common';
import { JsonObject, RecordedEvent } from '../event-store/event-store.port';

/** Turns the data of an event stored at `fromVersion` into the shape of `fromVersion + 1`. */
export interface Upcaster {
  eventType: string;
  fromVersion: number;
  upcast(data: JsonObject): JsonObject;
}

/**
 * Knows the current schema version of each event type and upgrades stored events on read, so
 * released events are never edited and readers only see the current shape.
 */
@Injectable()
export class EventSchemaRegistry {
  private readonly versions = new Map<string, number>();
  private readonly upcasters = new Map<string, Upcaster>();
  /** Types with at least one upcaster: the others pass without reading their metadata. */
  private readonly upcastTypes = new Set<string>();

  registerVersions(versions: Record<string, number>): void {
    for (const [type, version] of Object.entries(versions)) this.versions.set(type, version);
  }

  registerUpcaster(upcaster: Upcaster): void {
    this.upcasters.set(`${upcaster.eventType}@${upcaster.fromVersion}`, upcaster);
    this.upcastTypes.add(upcaster.eventType);
  }

  /** Every type the modules registered, with its current version. */
  registeredVersions(): [string, number][] {
    return [...this.versions];
  }

  versionOf(eventType: string): number {
    return this.versions.get(eventType) ?? 1;
  }

  upcast(event: RecordedEvent): RecordedEvent {
    // Most events have no upcaster: leave their metadata unread (the SQLite store decodes it lazily).
    if (!this.upcastTypes.has(event.type)) return event;
    let version = event.metadata.schemaVersion ?? 1;
    const current = this.versionOf(event.type);
    // The start-up stamp check covers every type; this one costs nothing here (metadata is read).
    if (version > current) throw new EventNewerThanBuildError(event, current);
    let data = event.data;
    for (;;) {
      const upcaster = this.upcasters.get(`${event.type}@${version}`);
      if (!upcaster) break;
      data = upcaster.upcast(data);
      version += 1;
    }
    if (data === event.data) return event;
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }
}

/** A stored event at a schema version this build does not know: written by a newer build. */
export class EventNewerThanBuildError extends Error {
  constructor(event: RecordedEvent, known: number) {
    super(
      `${event.type} ${event.streamId}@${event.revision} is at schema version ${event.metadata.schemaVersion}, ` +
        `newer than this build reads (${known}): it was written by a newer build of this service`,
    );
    this.name = 'EventNewerThanBuildError';
  }
}
