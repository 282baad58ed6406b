import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository, StaleRevisionError } from '../../../platform/es/event-sourced-repository';
import { KeyedLock } from '../../../platform/es/keyed-lock';
import { CONFLICT_ATTEMPTS, ConflictRetry, retryOnConflict } from '../../../platform/es/retry-on-conflict';
import { WrongExpectedRevisionError } from '../../../platform/event-store/event-store.errors';
import { ReadModel } from '../../../platform/read-model/read-model.service';
import { ChangeGroupCommand, GroupWriteResult } from '../contracts/group.commands';
import { GroupEvent, groupStream } from '../contracts/group.events';
import { GroupCommand, groupDecider } from '../domain/group.decider';
import { GroupNotFoundError } from '../domain/group.errors';
import { GroupSnapshot, IdentityIndexReader } from '../infrastructure/identity-index.reader';
import { GroupMemberFacts } from './group-member-facts';
import { GroupNameReservation } from './group-name-reservation';

/**
 * Decides on the group's snapshot in the index (never folding its member events) and appends
 * with the snapshot's revision: if the index was behind, the append conflicts, the index
 * catches up and the change is decided again.
 */
@CommandHandler(ChangeGroupCommand)
export class ChangeGroupHandler implements ICommandHandler<ChangeGroupCommand, GroupWriteResult> {
  /** Changes that put groups into a group, one at a time per subscription (see execute). */
  private readonly nesting = new KeyedLock();
  /** Changes of one group, one at a time in this process (see change). */
  private readonly perGroup = new KeyedLock();

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly index: IdentityIndexReader,
    private readonly facts: GroupMemberFacts,
    private readonly groupNames: GroupNameReservation,
    private readonly readModel: ReadModel,
  ) {}

  async execute(cmd: ChangeGroupCommand): Promise<GroupWriteResult> {
    if (!this.addsGroups(cmd)) return this.change(cmd);
    // The cycle check spans groups: two changes decided on the same index (A into B, B into A)
    // would each pass it and together make a cycle, and their streams differ so no expected
    // revision catches it. In this process they queue per subscription, each one decided once
    // the previous one is in the index.
    return this.nesting.run(cmd.subscription, () => this.change(cmd));
  }

  private addsGroups(cmd: ChangeGroupCommand): boolean {
    const ids = cmd.change.replaceMemberIds ?? cmd.change.addMemberIds;
    if (ids.length === 0) return false;
    return [...this.index.typesOf(cmd.subscription, ids).values()].includes('Group');
  }

  /**
   * Concurrent changes of one group decided on the same snapshot would all but one conflict, and
   * each round of retries lets only one more through. In this process they queue instead, each
   * decided once the previous one is in the index; the expected revision still catches other
   * processes.
   */
  private change(cmd: ChangeGroupCommand): Promise<GroupWriteResult> {
    return this.perGroup.run(`${cmd.subscription}/${cmd.groupId}`, async () => {
      const result = await this.decideAndAppend(cmd);
      await this.readModel.waitFor(result.position);
      return result;
    });
  }

  private decideAndAppend(cmd: ChangeGroupCommand): Promise<GroupWriteResult> {
    // The index was behind the stream: it catches up, then the change is decided again (a pinned
    // version then fails snapshot's check); the last conflict reaches the caller as it is (409).
    const conflict: ConflictRetry = {
      attempts: CONFLICT_ATTEMPTS.snapshot,
      isConflict: (error) => error instanceof WrongExpectedRevisionError,
      beforeRetry: () => this.readModel.waitForHead(),
      exhausted: (error) => error,
    };
    return retryOnConflict(conflict, async () => {
      const snapshot = await this.snapshot(cmd);
      const events = groupDecider.decide(this.command(cmd), snapshot.state);
      if (events.length === 0) return { groupId: cmd.groupId, revision: snapshot.revision, position: null };
      return this.append(cmd, snapshot, events);
    });
  }

  private async snapshot(cmd: ChangeGroupCommand): Promise<GroupSnapshot> {
    let snapshot = this.index.group(cmd.subscription, cmd.groupId);
    const behind =
      !snapshot || (cmd.expectedRevision !== undefined && snapshot.revision < cmd.expectedRevision);
    if (behind) {
      await this.readModel.waitForHead();
      snapshot = this.index.group(cmd.subscription, cmd.groupId);
    }
    if (!snapshot) throw new GroupNotFoundError(cmd.groupId);
    if (cmd.expectedRevision !== undefined && snapshot.revision !== cmd.expectedRevision)
      throw new StaleRevisionError(
        groupStream(cmd.subscription, cmd.groupId),
        cmd.expectedRevision,
        snapshot.revision,
      );
    return snapshot;
  }

  private command(cmd: ChangeGroupCommand): GroupCommand {
    const { subscription, groupId, change } = cmd;
    const members = change.replaceMemberIds
      ? this.facts.replacement(subscription, groupId, change.replaceMemberIds)
      : {
          add: this.facts.candidates(subscription, groupId, change.addMemberIds),
          remove: this.facts.removals(subscription, groupId, change.removeMemberIds),
        };
    return {
      type: 'ChangeGroup',
      groupId,
      displayName: change.displayName,
      externalId: change.externalId,
      ...members,
      at: new Date().toISOString(),
    };
  }

  private async append(cmd: ChangeGroupCommand, snapshot: GroupSnapshot, events: GroupEvent[]) {
    if (snapshot.state.status !== 'present') throw new GroupNotFoundError(cmd.groupId);
    const oldName = snapshot.state.displayName;
    const details = events.find((e) => e.type === 'GroupDetailsChanged');
    const newName = details?.type === 'GroupDetailsChanged' ? details.data.displayName : oldName;
    const renamed = !this.groupNames.sameName(oldName, newName);
    // Released on failure only if claimed here: held already, it is another write's to keep or undo.
    const claimed =
      renamed && (await this.groupNames.claim(cmd.subscription, newName, cmd.groupId, cmd.context));
    let result;
    try {
      result = await this.repository.appendDecided(
        groupStream(cmd.subscription, cmd.groupId),
        events,
        snapshot.revision,
        cmd.context,
      );
    } catch (error) {
      if (claimed)
        await this.groupNames.afterFailedWrite(cmd.subscription, newName, cmd.groupId, cmd.context, error);
      throw error;
    }
    if (renamed) await this.groupNames.release(cmd.subscription, oldName, cmd.groupId, cmd.context);
    return { groupId: cmd.groupId, ...result };
  }
}
