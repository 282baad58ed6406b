import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { TenantDecisionLock } from '../../../platform/es/tenant-decision-lock';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { DeleteUserCommand, UserWriteResult } from '../contracts/user.commands';
import { userStream } from '../contracts/user.events';
import { userDecider } from '../domain/user.decider';
import { IdentityIndexReader } from '../infrastructure/identity-index.reader';
import { LeaveAllGroups } from './leave-all-groups';
import { ReleaseReports, releaseContext } from './release-reports';
import { UserFacts } from './user-facts';
import { UserNameReservation } from './user-name-reservation';
import { UserWriteLock } from './user-write-lock';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand, UserWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly userNames: UserNameReservation,
    private readonly index: IdentityIndexReader,
    private readonly leaveAll: LeaveAllGroups,
    private readonly reports: ReleaseReports,
    private readonly readModel: ReadModel,
    private readonly facts: UserFacts,
    private readonly decisions: TenantDecisionLock,
    private readonly writes: UserWriteLock,
  ) {}

  // Deleting an active user disables it first: the same decision, so the same lock.
  execute(cmd: DeleteUserCommand): Promise<UserWriteResult> {
    return this.decisions.run(cmd.subscription, () =>
      this.writes.run(cmd.subscription, cmd.userId, () => this.delete(cmd)),
    );
  }

  private async delete(cmd: DeleteUserCommand): Promise<UserWriteResult> {
    // Asked before the deletion: the index forgets the memberships as soon as it sees it.
    await this.readModel.waitForHead();
    const groups = this.index.groupsOf(cmd.subscription, cmd.userId);
    const reports = this.index.reportsOf(cmd.subscription, cmd.userId);
    const stream = userStream(cmd.subscription, cmd.userId);
    const { state } = await this.repository.load(stream, userDecider);
    // A SCIM DELETE of an active user is a disable door: same rule, same refusal.
    const heir = await this.facts.heirIfActive(state);
    const result = await this.repository.execute(
      stream,
      userDecider,
      { type: 'DeleteUser', userId: cmd.userId, heir, at: new Date().toISOString() },
      cmd.context,
      { expectedRevision: cmd.expectedRevision },
    );
    const at = result.events.findIndex((e) => e.type === 'UserDeleted');
    const deleted = result.events[at];
    if (!deleted || deleted.type !== 'UserDeleted')
      return { userId: cmd.userId, revision: result.revision, position: result.position };
    // seed: DELETE frees the userName for a new user.
    await this.userNames.release(cmd.subscription, deleted.data.userName, cmd.userId, cmd.context);
    const left = await this.leaveAll.leave(cmd.subscription, cmd.userId, groups, cmd.context);
    // Before the answer, so that a read after the DELETE finds no user pointing at it (the
    // process ReleaseReportsOfDeletedManagers does it again after a crash: nothing to write then).
    const context = releaseContext(cmd.context.correlationId, result.eventIds[at]!);
    const released = await this.reports.release(cmd.subscription, cmd.userId, reports, context);
    return { userId: cmd.userId, revision: result.revision, position: released ?? left ?? result.position };
  }
}
