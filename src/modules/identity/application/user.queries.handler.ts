import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { userStream } from '../contracts/user.events';
import { GetUserQuery, GetUserStatusQuery, UserStatus, UserView } from '../contracts/user.queries';
import { userDecider } from '../domain/user.decider';

/** Answered from the user's own stream, so the answer is never behind a write. */
@QueryHandler(GetUserStatusQuery)
export class GetUserStatusHandler implements IQueryHandler<GetUserStatusQuery, UserStatus> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute(query: GetUserStatusQuery): Promise<UserStatus> {
    const { state } = await this.repository.load(userStream(query.subscription, query.userId), userDecider);
    return state.status === 'active' || state.status === 'disabled' ? state.status : 'absent';
  }
}

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserView | null> {
  constructor(private readonly repository: EventSourcedRepository) {}

  async execute(query: GetUserQuery): Promise<UserView | null> {
    const { state, revision } = await this.repository.load(
      userStream(query.subscription, query.userId),
      userDecider,
    );
    if (state.status !== 'active' && state.status !== 'disabled') return null;
    return {
      userId: state.userId,
      subscription: state.subscription,
      active: state.status === 'active',
      profile: state.profile,
      managerId: state.managerId,
      revision,
    };
  }
}
