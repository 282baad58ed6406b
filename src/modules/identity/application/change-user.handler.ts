import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository, StaleRevisionError } from '../../../platform/es/event-sourced-repository';
import { CONFLICT_ATTEMPTS, ConflictRetry, retryOnConflict } from '../../../platform/es/retry-on-conflict';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { ChangeUserCommand, UserWriteResult } from '../contracts/user.commands';
import { userStream } from '../contracts/user.events';
import { ManagerFacts, UserCommand, UserState, userDecider } from '../domain/user.decider';
import { UserChangedConcurrentlyError, UserNotFoundError } from '../domain/user.errors';
import { UserFacts } from './user-facts';
import { UserNameReservation } from './user-name-reservation';
import { UserWriteLock } from './user-write-lock';
import { writtenUserState } from './written-user-state';

/** The write, pinned to the revision it was decided on, found the stream past it: decide again. */
class Overtaken extends Error {}

@CommandHandler(ChangeUserCommand)
export class ChangeUserHandler implements ICommandHandler<ChangeUserCommand, UserWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly facts: UserFacts,
    private readonly userNames: UserNameReservation,
    private readonly decisions: TenantDecisionLock,
    private readonly writes: UserWriteLock,
  ) {}

  async execute(cmd: ChangeUserCommand): Promise<UserWriteResult> {
    // A re-enable waits for its disable's transfer before taking any lock the transfer may need.
    const waited = cmd.active ? await this.transferEnded(cmd) : undefined;
    const change = () => this.writes.run(cmd.subscription, cmd.userId, () => this.change(cmd, waited));
    // Decided one at a time with the subscription's deletes and disables: a disable (its heir is
    // chosen from other users' states), and a new manager (it must still exist when the change is
    // written: checked before a concurrent DELETE of it landed, it was assigned to a deleted user).
    const decided = !cmd.active || (await this.assignsNewManager(cmd));
    return decided ? this.decisions.run(cmd.subscription, change) : change();
  }

  private async assignsNewManager(cmd: ChangeUserCommand): Promise<boolean> {
    if (cmd.managerId === null) return false;
    const { state } = await this.repository.load(userStream(cmd.subscription, cmd.userId), userDecider);
    return (state.status === 'active' || state.status === 'disabled') && state.managerId !== cmd.managerId;
  }

  /** The revision of the user whose transfer was awaited (if it was disabled). */
  private async transferEnded(cmd: ChangeUserCommand): Promise<number | undefined> {
    const stream = userStream(cmd.subscription, cmd.userId);
    // Known active here, it is not read: were it disabled since by another process, change()
    // finds it so under the lock and awaits the transfer there.
    const known = this.repository.peek(stream, userDecider);
    if (known && known.state.status !== 'disabled') return undefined;
    const { state, revision } = await this.repository.load(stream, userDecider);
    if (state.status !== 'disabled') return undefined;
    await this.facts.handoverCarriedOut(cmd.subscription, cmd.userId);
    return revision;
  }

  private change(cmd: ChangeUserCommand, waited: number | undefined): Promise<UserWriteResult> {
    const stream = userStream(cmd.subscription, cmd.userId);
    // Another write landed after the revision decided on: decide again on the user as it is now
    // (its userName's reservation included); a pinned version fails the caller's check then.
    const conflict: ConflictRetry = {
      attempts: CONFLICT_ATTEMPTS.pinnedDecision,
      isConflict: (error) => error instanceof Overtaken,
      exhausted: () => new UserChangedConcurrentlyError(),
    };
    return retryOnConflict(conflict, async () => {
      const { state, revision } = await this.repository.load(stream, userDecider);
      if (state.status !== 'active' && state.status !== 'disabled') throw new UserNotFoundError(cmd.userId);
      // The caller's version before anything else: a change computed on an older user (a PATCH
      // applied to a read that a write overtook) is the caller's to compute again, not ours to judge.
      if (cmd.expectedRevision !== undefined && cmd.expectedRevision !== revision)
        throw new StaleRevisionError(stream, cmd.expectedRevision, revision);
      // Disabled again since transferEnded looked (rare): its new transfer is awaited here.
      if (state.status === 'disabled' && cmd.active && revision !== waited)
        await this.facts.handoverCarriedOut(cmd.subscription, cmd.userId);
      return this.decideAndWrite(cmd, stream, state, revision);
    });
  }

  /** Overtaken when the stream moved past `revision` meanwhile (nothing written, claims undone). */
  private async decideAndWrite(
    cmd: ChangeUserCommand,
    stream: string,
    state: Extract<UserState, { status: 'active' | 'disabled' }>,
    revision: number,
  ): Promise<UserWriteResult> {
    const command: UserCommand = {
      type: 'ChangeUser',
      userId: cmd.userId,
      profile: cmd.profile,
      active: cmd.active,
      manager: await this.managerFacts(cmd, state.managerId),
      rule: await this.facts.synchronizationRule(cmd.subscription),
      // The decision is taken when the disable is accepted (SCIM active false, any form), with
      // the manager this write leaves (a PATCH may change it and disable in one request).
      heir: cmd.active ? undefined : await this.facts.heirIfActive(state, cmd.managerId),
      at: new Date().toISOString(),
    };
    const oldName = state.profile.userName;
    const renamed = !this.userNames.sameName(oldName, cmd.profile.userName);
    // A rename claims its reservation first: refused, it must touch none. Otherwise the decision
    // below refuses before anything is written.
    if (renamed) userDecider.decide(command, state);
    // Released on failure only if claimed here: held already, it is another write's to keep or undo.
    const claimed =
      renamed &&
      (await this.userNames.claim(cmd.subscription, cmd.profile.userName, cmd.userId, cmd.context));
    let result;
    try {
      // Pinned to the revision decided on: whether this is a rename was judged on that state.
      result = await this.repository.execute(stream, userDecider, command, cmd.context, {
        expectedRevision: revision,
        loaded: { state, revision },
      });
    } catch (error) {
      if (claimed)
        await this.userNames.afterFailedWrite(
          cmd.subscription,
          cmd.profile.userName,
          cmd.userId,
          cmd.context,
          error,
        );
      throw error instanceof StaleRevisionError ? new Overtaken() : error;
    }
    if (renamed) await this.userNames.release(cmd.subscription, oldName, cmd.userId, cmd.context);
    return {
      userId: cmd.userId,
      revision: result.revision,
      position: result.position,
      written: writtenUserState(result.state, result.recordedAt),
    };
  }

  // An unchanged manager is not looked up again: the decider only compares ids.
  private async managerFacts(cmd: ChangeUserCommand, current: string | null): Promise<ManagerFacts | null> {
    if (cmd.managerId !== null && cmd.managerId === current) return { id: current, exists: true };
    return this.facts.manager(cmd.subscription, cmd.managerId);
  }
}
