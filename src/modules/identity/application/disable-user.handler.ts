import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { DisableUserCommand, UserWriteResult } from '../contracts/user.commands';
import { userStream } from '../contracts/user.events';
import { userDecider } from '../domain/user.decider';
import { UserFacts } from './user-facts';
import { UserWriteLock } from './user-write-lock';

@CommandHandler(DisableUserCommand)
export class DisableUserHandler implements ICommandHandler<DisableUserCommand, UserWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly facts: UserFacts,
    private readonly decisions: TenantDecisionLock,
    private readonly writes: UserWriteLock,
  ) {}

  execute(cmd: DisableUserCommand): Promise<UserWriteResult> {
    return this.decisions.run(cmd.subscription, () =>
      this.writes.run(cmd.subscription, cmd.userId, () => this.disable(cmd)),
    );
  }

  private async disable(cmd: DisableUserCommand): Promise<UserWriteResult> {
    const stream = userStream(cmd.subscription, cmd.userId);
    const { state } = await this.repository.load(stream, userDecider);
    const heir = await this.facts.heirIfActive(state);
    const result = await this.repository.execute(
      stream,
      userDecider,
      { type: 'DisableUser', userId: cmd.userId, heir, at: new Date().toISOString() },
      cmd.context,
    );
    return { userId: cmd.userId, revision: result.revision, position: result.position };
  }
}
