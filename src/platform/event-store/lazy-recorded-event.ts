import type { EventMetadata, JsonObject, RecordedEvent } from './event-store.port';
import type { Position } from './position';

/**
 * A recorded event held as its stored JSON texts, parsed on first read: a replay spent a third
 * of its time in these two JSON.parse calls, and consumers often skip an event by its type (or,
 * like the users projection, read only the last of a user's profile changes in a batch).
 * Getters on the prototype: an object literal with getters makes two closures and a context per
 * event, which doubled what survived V8's young generation in a replay (more GC time).
 */
export class LazyRecordedEvent implements RecordedEvent {
  private parsedData: JsonObject | undefined;
  private parsedMetadata: EventMetadata | undefined;

  constructor(
    readonly id: string,
    readonly streamId: string,
    readonly type: string,
    readonly revision: number,
    readonly position: Position,
    private readonly dataText: string,
    private readonly metadataText: string,
  ) {}

  get data(): JsonObject {
    return (this.parsedData ??= JSON.parse(this.dataText) as JsonObject);
  }

  get metadata(): EventMetadata {
    return (this.parsedMetadata ??= JSON.parse(this.metadataText) as EventMetadata);
  }

  /** As stored (a recorded event is a fact: nobody changes what was parsed from them). */
  texts(): [data: string, metadata: string] {
    return [this.dataText, this.metadataText];
  }
}
