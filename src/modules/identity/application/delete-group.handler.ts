import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository, StaleRevisionError } from '../../../platform/es/event-sourced-repository';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { DeleteGroupCommand, GroupWriteResult } from '../contracts/group.commands';
import { groupStream } from '../contracts/group.events';
import { groupDecider } from '../domain/group.decider';
import { GroupNotFoundError } from '../domain/group.errors';
import { IdentityIndexReader } from '../infrastructure/identity-index.reader';
import { GroupNameReservation } from './group-name-reservation';
import { LeaveAllGroups } from './leave-all-groups';

@CommandHandler(DeleteGroupCommand)
export class DeleteGroupHandler implements ICommandHandler<DeleteGroupCommand, GroupWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly index: IdentityIndexReader,
    private readonly groupNames: GroupNameReservation,
    private readonly leaveAll: LeaveAllGroups,
    private readonly readModel: ReadModel,
  ) {}

  async execute(cmd: DeleteGroupCommand): Promise<GroupWriteResult> {
    await this.readModel.waitForHead();
    const snapshot = this.index.group(cmd.subscription, cmd.groupId);
    if (!snapshot || snapshot.state.status !== 'present') throw new GroupNotFoundError(cmd.groupId);
    if (cmd.expectedRevision !== undefined && cmd.expectedRevision !== snapshot.revision)
      throw new StaleRevisionError(
        groupStream(cmd.subscription, cmd.groupId),
        cmd.expectedRevision,
        snapshot.revision,
      );
    // Asked before the deletion: the index forgets the memberships as soon as it sees it.
    const parents = this.index.groupsOf(cmd.subscription, cmd.groupId);
    const events = groupDecider.decide(
      { type: 'DeleteGroup', groupId: cmd.groupId, at: new Date().toISOString() },
      snapshot.state,
    );
    const result = await this.repository.appendDecided(
      groupStream(cmd.subscription, cmd.groupId),
      events,
      snapshot.revision,
      cmd.context,
    );
    await this.groupNames.release(cmd.subscription, snapshot.state.displayName, cmd.groupId, cmd.context);
    const last = await this.leaveAll.leave(cmd.subscription, cmd.groupId, parents, cmd.context);
    return { groupId: cmd.groupId, revision: result.revision, position: last ?? result.position };
  }
}
