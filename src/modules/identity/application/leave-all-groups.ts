import { Injectable } from '@nestjs/common';
import { CommandContext } from '../../../platform/es/command-context';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { Position } from '../../../platform/event-store/position';
import { GroupEvent, groupStream } from '../contracts/group.events';

/**
 * Records, in each parent group's history, that a deleted member left it. The index already
 * drops the memberships on the member's deletion event; these events are for the audit trail.
 */
@Injectable()
export class LeaveAllGroups {
  constructor(private readonly repository: EventSourcedRepository) {}

  async leave(
    sub: string,
    memberId: string,
    parents: string[],
    context: CommandContext,
  ): Promise<Position | null> {
    let last: Position | null = null;
    for (const groupId of parents) {
      const event: GroupEvent = {
        type: 'GroupMembersRemoved',
        data: {
          subscription: sub,
          groupId,
          memberIds: [memberId],
          reason: 'member-deleted',
          at: new Date().toISOString(),
        },
      };
      // 'any': removing one member commutes with every other change to the group.
      last = (await this.repository.appendDecided(groupStream(sub, groupId), [event], 'any', context))
        .position;
    }
    return last;
  }
}
