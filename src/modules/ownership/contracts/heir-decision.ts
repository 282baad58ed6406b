/** Which branch of the disable-user rule chose the heir (architecture: "The disable-user rule"). */
export type HeirRule =
  /** 1. a company owner's go to another company owner (the longest-standing). */
  | 'another-company-owner'
  /** 2. the subscription owner's go to a company owner, who also becomes subscription owner. */
  | 'company-owner-for-subscription-owner'
  /** 3. to the user's manager, active and a user of the subscription. */
  | 'manager'
  /** 4. otherwise to the subscription owner. */
  | 'subscription-owner';

export type RefusalReason = 'only-company-owner' | 'no-company-owner' | 'no-subscription-owner';

/** The handover a disable carries: who inherits, and by which rule. */
export interface Handover {
  heirId: string;
  rule: HeirRule;
  /** The heir also becomes subscription owner (the disabled user held that role). */
  takesSubscriptionOwnership: boolean;
  /** The disabled user stops being a company owner. */
  removesCompanyOwnership: boolean;
}

export type HeirDecision =
  | { outcome: 'refused'; reason: RefusalReason; detail: string }
  /** Owns nothing, holds no permission and no role: disabled with no transfer. */
  | { outcome: 'no-transfer' }
  | ({ outcome: 'transfer' } & Handover);
