import { Injectable } from '@nestjs/common';
import { CommandContext } from '../../../platform/es/command-context';
import { EventSourcedRepository } from '../../../platform/es/event-sourced-repository';
import { RecordedEvent } from '../../../platform/event-store/event-store.port';
import { ProcessManager } from '../../../platform/read-model/process-manager-runner';
import {
  UserDeleted,
  UserEvent,
  UserManagerAssigned,
  UserProvisioned,
  userEventOf,
  userStream,
} from '../contracts/user.events';
import { userDecider } from '../domain/user.decider';
import { IdentityIndexReader } from '../infrastructure/identity-index.reader';

type Handled = UserDeleted | UserManagerAssigned | UserProvisioned;

const isHandled = (event: UserEvent): event is Handled =>
  event.type === 'UserDeleted' || event.type === 'UserManagerAssigned' || event.type === 'UserProvisioned';

/**
 * A manager must be a user of the subscription: when one is deleted, each user that reported to
 * it loses its manager (UserManagerRemoved, caused by the deletion), instead of pointing at a
 * user that answers 404. An assignment decided while the manager still existed but recorded
 * after its deletion (a concurrent DELETE) is released the same way when it is handled: the
 * read model has then seen the deletion. Idempotent (the decider removes only that manager), so
 * an event handled again after a crash changes nothing.
 */
@Injectable()
export class ReleaseReportsOfDeletedManagers implements ProcessManager {
  readonly name = 'identity-deleted-managers';

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly index: IdentityIndexReader,
  ) {}

  wants(event: RecordedEvent): boolean {
    // A new user without a manager (most creates) is skipped here, before anything waits.
    if (event.type === 'UserProvisioned') return event.data.managerId != null;
    return event.type === 'UserDeleted' || event.type === 'UserManagerAssigned';
  }

  async handle(recorded: RecordedEvent): Promise<void> {
    const event = userEventOf(recorded);
    if (!event || !isHandled(event)) return;
    const context: CommandContext = {
      correlationId: recorded.metadata.correlationId,
      causationId: recorded.id,
      actor: 'system:deleted-manager',
    };
    const { subscription, userId } = event.data;
    if (event.type === 'UserDeleted') {
      for (const report of this.index.reportsOf(subscription, userId))
        await this.release(subscription, report, userId, context);
      return;
    }
    const managerId = event.data.managerId;
    if (managerId && !this.index.userExists(subscription, managerId))
      await this.release(subscription, userId, managerId, context);
  }

  private async release(subscription: string, userId: string, managerId: string, context: CommandContext) {
    await this.repository.execute(
      userStream(subscription, userId),
      userDecider,
      { type: 'ReleaseDeletedManager', userId, managerId, at: new Date().toISOString() },
      context,
    );
  }
}
