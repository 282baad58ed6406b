import { Injectable } from '@nestjs/common';
import { KeyedLock } from '../../../platform/es/keyed-lock';

/**
 * One decision about a user at a time in this process (change, disable, delete), whatever door
 * it came through (SCIM, the portal's edit, an admin disable). Two writes decided on the same
 * state would otherwise race their userName reservations: one releasing, or failing to claim,
 * the name the other is writing. Taken inside TenantDecisionLock when both are held. Several
 * instances on one EventStoreDB still decide concurrently; expected revisions catch them.
 */
@Injectable()
export class UserWriteLock {
  private readonly lock = new KeyedLock();

  run<T>(subscription: string, userId: string, work: () => Promise<T>): Promise<T> {
    return this.lock.run(`${subscription}/${userId}`, work);
  }
}
