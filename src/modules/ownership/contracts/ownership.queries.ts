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
