import { DomainError } from '../../../platform/es/domain-event';

/** No subscription of that name: every door (admin routes of every module, SCIM) says it alike. */
export class SubscriptionNotFoundError extends DomainError {
  constructor(name: string) {
    super('subscription.not-found', `no subscription named "${name}"`, 'not-found');
  }
}
