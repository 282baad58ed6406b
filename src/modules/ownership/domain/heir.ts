import { HeirDecision } from '../contracts/heir-decision';

/** What the rule needs to know about the user being disabled; gathered by the caller. */
export interface HeirFacts {
  userId: string;
  /** In the order they became company owners (the first is the longest-standing). */
  companyOwners: { userId: string; active: boolean }[];
  subscriptionOwner: string | null;
  /** The user's manager when it is a user of this subscription; null otherwise. */
  manager: { userId: string; active: boolean } | null;
  /** Owns at least one resource or holds at least one administrator permission. */
  ownsSomething: boolean;
}

/**
 * seed, "Disable a user": the boss if in the system; else the subscription owner. The
 * subscription owner's go to a company owner; a company owner's to another company owner; the
 * only company owner cannot be disabled.
 */
export function decideHeir(facts: HeirFacts): HeirDecision {
  const { userId } = facts;
  const activeCompanyOwners = facts.companyOwners.filter((o) => o.active && o.userId !== userId);
  const isCompanyOwner = facts.companyOwners.some((o) => o.userId === userId);
  const isSubscriptionOwner = facts.subscriptionOwner === userId;

  if (isCompanyOwner) {
    const heir = activeCompanyOwners[0];
    if (!heir)
      return {
        outcome: 'refused',
        reason: 'only-company-owner',
        detail: `user ${userId} is the only company owner and cannot be disabled: assign another company owner first`,
      };
    return {
      outcome: 'transfer',
      heirId: heir.userId,
      rule: 'another-company-owner',
      takesSubscriptionOwnership: isSubscriptionOwner,
      removesCompanyOwnership: true,
    };
  }

  if (isSubscriptionOwner) {
    const heir = activeCompanyOwners[0];
    if (!heir)
      return {
        outcome: 'refused',
        reason: 'no-company-owner',
        detail: `user ${userId} is the subscription owner and no company owner can take over: assign a company owner first`,
      };
    return {
      outcome: 'transfer',
      heirId: heir.userId,
      rule: 'company-owner-for-subscription-owner',
      takesSubscriptionOwnership: true,
      removesCompanyOwnership: false,
    };
  }

  if (!facts.ownsSomething) return { outcome: 'no-transfer' };

  const transfer = (heirId: string, rule: 'manager' | 'subscription-owner'): HeirDecision => ({
    outcome: 'transfer',
    heirId,
    rule,
    takesSubscriptionOwnership: false,
    removesCompanyOwnership: false,
  });
  if (facts.manager && facts.manager.active && facts.manager.userId !== userId)
    return transfer(facts.manager.userId, 'manager');
  if (facts.subscriptionOwner) return transfer(facts.subscriptionOwner, 'subscription-owner');
  return {
    outcome: 'refused',
    reason: 'no-subscription-owner',
    detail: `user ${userId} owns resources or holds permissions and has no active manager in this subscription: assign a subscription owner first`,
  };
}
