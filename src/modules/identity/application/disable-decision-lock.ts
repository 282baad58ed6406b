import { Injectable } from '@nestjs/common';
import { KeyedLock } from '../../../platform/es/keyed-lock';

/**
 * One disable decision at a time per subscription. The heir is chosen from other users' states
 * (which company owners are active, whether the manager is), so two disables decided at once
 * could each count on the other: both company owners disabled, none left; items handed to an
 * heir whose own transfer already ran. Held from reading the user to appending its event; the
 * next decision then waits for the read model to include that event (DecideHeirQuery).
 * Within this process: the SQLite store's data-dir lock makes it the only writer.
 */
@Injectable()
export class DisableDecisionLock {
  private readonly lock = new KeyedLock();

  run<T>(subscription: string, work: () => Promise<T>): Promise<T> {
    return this.lock.run(subscription, work);
  }
}
