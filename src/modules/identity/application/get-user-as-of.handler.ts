import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventSchemaRegistry } from '../../../platform/es/event-schema-registry';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { GetUserAsOfQuery, UserAsOfView } from '../contracts/user-as-of.query';
import { userEventOf, userStream } from '../contracts/user.events';
import { UserState, userDecider } from '../domain/user.decider';

const PAGE = 500;

/** Audit: folds the user's events recorded up to `asOf`, page by page. */
@QueryHandler(GetUserAsOfQuery)
export class GetUserAsOfHandler implements IQueryHandler<GetUserAsOfQuery, UserAsOfView | null> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schemas: EventSchemaRegistry,
  ) {}

  async execute(query: GetUserAsOfQuery): Promise<UserAsOfView | null> {
    // Events are timed before their commit: those still in flight may belong before asOf.
    await this.store.appendsSettled();
    const stream = userStream(query.subscription, query.userId);
    const until = query.asOf.getTime();
    let state: UserState = userDecider.initialState;
    let revision = -1;
    let from = 0;
    for (;;) {
      let read = 0;
      for await (const recorded of this.store.readStream(stream, { fromRevision: from, maxCount: PAGE })) {
        read++;
        // A past state is a prefix of the stream: stop at the first event recorded after asOf.
        if (Date.parse(recorded.metadata.timestamp) > until) return view(state, revision, query.asOf);
        const event = userEventOf(this.schemas.upcast(recorded));
        if (event) state = userDecider.evolve(state, event);
        revision = recorded.revision;
        from = revision + 1;
      }
      if (read < PAGE) return view(state, revision, query.asOf);
    }
  }
}

function view(state: UserState, revision: number, asOf: Date): UserAsOfView | null {
  if (state.status !== 'active' && state.status !== 'disabled') return null;
  return {
    userId: state.userId,
    subscription: state.subscription,
    profile: state.profile,
    active: state.status === 'active',
    managerId: state.managerId,
    revision,
    asOf: asOf.toISOString(),
  };
}
