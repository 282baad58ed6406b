import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { CreateGroupCommand, GroupWriteResult } from '../contracts/group.commands';
import { groupStream } from '../contracts/group.events';
import { groupDecider } from '../domain/group.decider';
import { GroupMemberFacts } from './group-member-facts';
import { GroupNameReservation } from './group-name-reservation';

@CommandHandler(CreateGroupCommand)
export class CreateGroupHandler implements ICommandHandler<CreateGroupCommand, GroupWriteResult> {
  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly facts: GroupMemberFacts,
    private readonly groupNames: GroupNameReservation,
  ) {}

  async execute(cmd: CreateGroupCommand): Promise<GroupWriteResult> {
    // Decided before reserving the name, so a refusal writes nothing.
    const events = groupDecider.decide(
      {
        type: 'CreateGroup',
        subscription: cmd.subscription,
        groupId: cmd.groupId,
        displayName: cmd.displayName,
        externalId: cmd.externalId,
        members: this.facts.candidates(cmd.subscription, cmd.groupId, cmd.memberIds, true),
        at: new Date().toISOString(),
      },
      groupDecider.initialState,
    );
    const stream = groupStream(cmd.subscription, cmd.groupId);
    const created = await this.groupNames.claimCreating(
      cmd.subscription,
      cmd.displayName,
      cmd.groupId,
      cmd.context,
      // Groups are loaded from the identity index, not folded: nothing to cache.
      { streamId: stream, events },
    );
    if (created) return { groupId: cmd.groupId, ...created };
    // The displayName's stream exists, or the store appends one stream at a time: in turn.
    await this.groupNames.claim(cmd.subscription, cmd.displayName, cmd.groupId, cmd.context);
    try {
      const result = await this.repository.appendDecided(stream, events, 'no_stream', cmd.context);
      return { groupId: cmd.groupId, ...result };
    } catch (error) {
      await this.groupNames.afterFailedWrite(
        cmd.subscription,
        cmd.displayName,
        cmd.groupId,
        cmd.context,
        error,
      );
      throw error;
    }
  }
}
