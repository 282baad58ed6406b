import { Inject, Injectable } from '@nestjs/common';
import { CommandContext } from '../../../platform/es/command-context';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { EVENT_STORE, EventStore } from '../../../platform/event-store/event-store.port';
import { Position, comparePositions } from '../../../platform/event-store/position';
import { userStream } from '../contracts/user.events';
import { userDecider } from '../domain/user.decider';

/** The actor of a release: a consequence of the deletion, which its events cite as their cause. */
export function releaseContext(correlationId: string, deletionEventId: string): CommandContext {
  return { correlationId, causationId: deletionEventId, actor: 'system:deleted-manager' };
}

/**
 * Takes a deleted manager off the users that report to it (UserManagerRemoved each), so none
 * points at a user that answers 404. The decider removes only that manager: a report that has
 * another one (or none) by now is left as it is, so running it again writes nothing.
 */
@Injectable()
export class ReleaseReports {
  constructor(
    private readonly repository: EventSourcedRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * The position up to which every report is released: the last release written here or, when a
   * report had nothing left to release (ReleaseReportsOfDeletedManagers, which follows the read
   * model, may get there first), the store's head, which holds that release. Null without reports.
   */
  async release(
    sub: string,
    managerId: string,
    reports: readonly string[],
    context: CommandContext,
  ): Promise<Position | null> {
    // Appended together so the store commits them in one batch; each stream decides on its own.
    const positions = await Promise.all(
      reports.map((userId) => this.releaseOne(sub, userId, managerId, context)),
    );
    if (positions.some((position) => position === null)) positions.push(await this.store.headPosition());
    return positions.reduce<Position | null>(
      (last, p) => (p !== null && (last === null || comparePositions(p, last) > 0) ? p : last),
      null,
    );
  }

  async releaseOne(
    sub: string,
    userId: string,
    managerId: string,
    context: CommandContext,
  ): Promise<Position | null> {
    const result = await this.repository.execute(
      userStream(sub, userId),
      userDecider,
      { type: 'ReleaseDeletedManager', userId, managerId, at: new Date().toISOString() },
      context,
    );
    return result.position;
  }
}
