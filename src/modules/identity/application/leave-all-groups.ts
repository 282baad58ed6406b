import { Injectable } from '@nestjs/common';
import { CommandContext } from '../../../platform/es/command-context';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { Position, comparePositions } from '../../../platform/event-store/position';
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
    const at = new Date().toISOString();
    // Appended together so the store commits them in one batch; 'any': removing one member
    // commutes with every other change to the group.
    const results = await Promise.all(
      parents.map((groupId) => {
        const event: GroupEvent = {
          type: 'GroupMembersRemoved',
          data: { subscription: sub, groupId, memberIds: [memberId], reason: 'member-deleted', at },
        };
        return this.repository.appendDecided(groupStream(sub, groupId), [event], 'any', context);
      }),
    );
    return results.reduce<Position | null>(
      (last, r) => (last === null || comparePositions(r.position, last) > 0 ? r.position : last),
      null,
    );
  }
}
