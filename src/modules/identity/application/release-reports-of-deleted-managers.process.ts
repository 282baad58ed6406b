import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '../../../platform/event-store/event-store.port';
import { ProcessManager } from '../../../platform/read-model/process-manager-runner';
import {
  UserDeleted,
  UserEvent,
  UserManagerAssigned,
  UserProvisioned,
  userEventOf,
} from '../contracts/user.events';
import { IdentityIndexReader } from '../infrastructure/identity-index.reader';
import { ReleaseReports, releaseContext } from './release-reports';

type Handled = UserDeleted | UserManagerAssigned | UserProvisioned;

const isHandled = (event: UserEvent): event is Handled =>
  event.type === 'UserDeleted' || event.type === 'UserManagerAssigned' || event.type === 'UserProvisioned';

/**
 * A manager must be a user of the subscription: when one is deleted, each user that reported to
 * it loses its manager (UserManagerRemoved, caused by the deletion), instead of pointing at a
 * user that answers 404. The DELETE releases them before it answers (read-your-writes); this
 * process is the net for a crash between the deletion and those writes. An assignment decided while the manager still existed but recorded
 * after its deletion (a concurrent DELETE) is released the same way when it is handled: the
 * read model has then seen the deletion. Idempotent (the decider removes only that manager), so
 * an event handled again after a crash changes nothing.
 */
@Injectable()
export class ReleaseReportsOfDeletedManagers implements ProcessManager {
  readonly name = 'identity-deleted-managers';

  constructor(
    private readonly reports: ReleaseReports,
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
    const context = releaseContext(recorded.metadata.correlationId, recorded.id);
    const { subscription, userId } = event.data;
    if (event.type === 'UserDeleted') {
      await this.reports.release(subscription, userId, this.index.reportsOf(subscription, userId), context);
      return;
    }
    const managerId = event.data.managerId;
    if (managerId && !this.index.userExists(subscription, managerId))
      await this.reports.releaseOne(subscription, userId, managerId, context);
  }
}
