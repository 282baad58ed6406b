import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { ChangeUserCommand, UserWriteResult } from '../contracts/user.commands';
import { userStream } from '../contracts/user.events';
import { ManagerFacts, UserCommand, userDecider } from '../domain/user.decider';
import { UserNotFoundError } from '../domain/user.errors';
import { UserFacts } from './user-facts';
import { UserNameReservation } from './user-name-reservation';

@CommandHandler(ChangeUserCommand)
export class ChangeUserHandler implements ICommandHandler<ChangeUserCommand, UserWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly facts: UserFacts,
    private readonly userNames: UserNameReservation,
    private readonly decisions: TenantDecisionLock,
  ) {}

  execute(cmd: ChangeUserCommand): Promise<UserWriteResult> {
    return cmd.active ? this.change(cmd) : this.decisions.run(cmd.subscription, () => this.change(cmd));
  }

  private async change(cmd: ChangeUserCommand): Promise<UserWriteResult> {
    const stream = userStream(cmd.subscription, cmd.userId);
    const { state } = await this.repository.load(stream, userDecider);
    if (state.status !== 'active' && state.status !== 'disabled') throw new UserNotFoundError(cmd.userId);
    const command: UserCommand = {
      type: 'ChangeUser',
      userId: cmd.userId,
      profile: cmd.profile,
      active: cmd.active,
      manager: await this.managerFacts(cmd, state.managerId),
      rule: await this.facts.synchronizationRule(cmd.subscription),
      // The decision is taken when the disable is accepted (SCIM active false, any form).
      heir: cmd.active ? undefined : await this.facts.heirIfActive(state),
      at: new Date().toISOString(),
    };
    // Refuse before touching reservations, so a refusal writes nothing.
    userDecider.decide(command, state);

    const oldName = state.profile.userName;
    const renamed = !this.userNames.sameName(oldName, cmd.profile.userName);
    if (renamed) await this.userNames.claim(cmd.subscription, cmd.profile.userName, cmd.userId, cmd.context);
    let result;
    try {
      result = await this.repository.execute(stream, userDecider, command, cmd.context, {
        expectedRevision: cmd.expectedRevision,
      });
    } catch (error) {
      if (renamed)
        await this.userNames.release(cmd.subscription, cmd.profile.userName, cmd.userId, cmd.context);
      throw error;
    }
    if (renamed) await this.userNames.release(cmd.subscription, oldName, cmd.userId, cmd.context);
    return { userId: cmd.userId, revision: result.revision, position: result.position };
  }

  // An unchanged manager is not looked up again: the decider only compares ids.
  private async managerFacts(cmd: ChangeUserCommand, current: string | null): Promise<ManagerFacts | null> {
    if (cmd.managerId !== null && cmd.managerId === current) return { id: current, exists: true };
    return this.facts.manager(cmd.subscription, cmd.managerId);
  }
}
