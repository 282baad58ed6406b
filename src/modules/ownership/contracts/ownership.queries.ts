import { Query } from '@nestjs/cqrs';
import { HeirDecision } from './heir-decision';

/** The disable-user rule applied now: who would inherit, or why disabling is refused. */
export class DecideHeirQuery extends Query<HeirDecision> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    /** The user's manager as Identity holds it (Identity asks, so it passes what it knows). */
    readonly managerId: string | null,
  ) {
    super();
  }
}

/**
 * The handover decided when this user was disabled (or deleted), while its transfer has not
 * completed yet: the heir it goes to, or null when nothing of the user is still on its way.
 */
export class PendingHandoverQuery extends Query<{ heirId: string } | null> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
  ) {
    super();
  }
}
