import { Inject, Injectable } from '@nestjs/common';
import { EventSchemaRegistry } from '../../../platform/es/event-schema-registry';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { groupEventOf, groupStream } from '../../identity/contracts/group.events';
import { GroupAtTime, GroupReplay } from '../domain/group-replay';

/** Member events can be large: a small page keeps the fold's working set small. */
const PAGE = 200;

/** A group rebuilt from its whole stream, or from the events recorded up to a moment. */
@Injectable()
export class GroupAsOf {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schemas: EventSchemaRegistry,
  ) {}

  /** null when the group did not exist at `asOf` (or does not exist now, without `asOf`). */
  async group(subscription: string, groupId: string, asOf?: Date): Promise<GroupAtTime | null> {
    // Events are timed before their commit: those still in flight may belong before asOf.
    if (asOf) await this.store.appendsSettled();
    const stream = groupStream(subscription, groupId);
    const until = asOf?.getTime() ?? Number.POSITIVE_INFINITY;
    const replay = new GroupReplay();
    let from = 0;
    for (;;) {
      let read = 0;
      for await (const recorded of this.store.readStream(stream, { fromRevision: from, maxCount: PAGE })) {
        read++;
        // A past state is a prefix of the stream: stop at the first event recorded after asOf.
        if (Date.parse(recorded.metadata.timestamp) > until) return replay.current();
        const event = groupEventOf(this.schemas.upcast(recorded));
        if (event) replay.apply(event, recorded.revision);
        from = recorded.revision + 1;
      }
      if (read < PAGE) return replay.current();
    }
  }
}
