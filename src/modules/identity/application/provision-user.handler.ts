import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { ProvisionUserCommand, UserWriteResult } from '../contracts/user.commands';
import { writtenUserState } from './written-user-state';
import { userStream } from '../contracts/user.events';
import { UserCommand, userDecider } from '../domain/user.decider';
import { UserFacts } from './user-facts';
import { UserNameReservation } from './user-name-reservation';

@CommandHandler(ProvisionUserCommand)
export class ProvisionUserHandler implements ICommandHandler<ProvisionUserCommand, UserWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly facts: UserFacts,
    private readonly userNames: UserNameReservation,
    private readonly decisions: TenantDecisionLock,
  ) {}

  async execute(cmd: ProvisionUserCommand): Promise<UserWriteResult> {
    // A manager must still exist when the user is written: decided one at a time with deletes.
    if (cmd.managerId === null) return this.provision(cmd);
    return this.decisions.run(cmd.subscription, () => this.provision(cmd));
  }

  private async provision(cmd: ProvisionUserCommand): Promise<UserWriteResult> {
    const command: UserCommand = {
      type: 'ProvisionUser',
      subscription: cmd.subscription,
      userId: cmd.userId,
      profile: cmd.profile,
      active: cmd.active,
      manager: await this.facts.manager(cmd.subscription, cmd.managerId),
      rule: await this.facts.synchronizationRule(cmd.subscription),
      at: new Date().toISOString(),
    };
    // Refuse an invalid user before reserving its userName, so a refusal writes nothing.
    const events = userDecider.decide(command, userDecider.initialState);
    const stream = userStream(cmd.subscription, cmd.userId);
    const created = await this.userNames.claimCreating(
      cmd.subscription,
      cmd.profile.userName,
      cmd.userId,
      cmd.context,
      { streamId: stream, events, decider: userDecider },
    );
    const state = events.reduce(userDecider.evolve, userDecider.initialState);
    if (created) {
      const { revision, position, recordedAt } = created;
      return { userId: cmd.userId, revision, position, written: writtenUserState(state, recordedAt) };
    }
    // The userName's stream exists, or the store appends one stream at a time: in turn.
    await this.userNames.claim(cmd.subscription, cmd.profile.userName, cmd.userId, cmd.context);
    try {
      const result = await this.repository.execute(
        stream,
        userDecider,
        command,
        cmd.context,
        // The id is Provisioning's fresh UUID: no stream to read.
        { newStream: true },
      );
      return {
        userId: cmd.userId,
        revision: result.revision,
        position: result.position,
        written: writtenUserState(result.state, result.recordedAt),
      };
    } catch (error) {
      await this.userNames.afterFailedWrite(
        cmd.subscription,
        cmd.profile.userName,
        cmd.userId,
        cmd.context,
        error,
      );
      throw error;
    }
  }
}
