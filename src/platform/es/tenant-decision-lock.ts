import { Injectable } from '@nestjs/common';
import { KeyedLock } from './keyed-lock';

/**
 * One decision at a time per subscription, for the commands that decide from other aggregates'
 * states and change what the disable-user rule reads: disabling a user (its heir is chosen from
 * who is active and who holds which role) and giving a user a resource, a permission or a role
 * (only an active user may hold one). Decided at once, two such commands could each stand on
 * the other's "before": both company owners disabled, none left; a resource given to a user
 * whose disable had just handed everything over, stranding it with a disabled user. Held from
 * reading the facts to appending the event; a disable then waits for the read model to include
 * what was appended before it (DecideHeirQuery).
 *
 * Within this process, which the SQLite store's data-dir lock makes the only writer. Several
 * instances on one EventStoreDB would need the decisions serialized in the store.
 */
@Injectable()
export class TenantDecisionLock {
  private readonly lock = new KeyedLock();

  run<T>(subscription: string, work: () => Promise<T>): Promise<T> {
    // Names are case-insensitive (DNS labels): the admin API may spell one in capitals.
    return this.lock.run(subscription.toLowerCase(), work);
  }
}
