/** A company owner and since when: the longest-standing one is the heir of the disable rule's case 1. */
export interface CompanyOwner {
  userId: string;
  since: string;
}

/** Who holds the subscription's roles; company owners in the order they were added (oldest first). */
export interface SubscriptionRoles {
  subscriptionOwner: string | null;
  companyOwners: CompanyOwner[];
}

/** Why a company owner stopped being one (seed: a disabled company owner stops being a company owner). */
export type CompanyOwnerRemovalReason = 'removed' | 'disabled';

/** DomainError codes of the role commands, for callers that react to one refusal (e.g. the disable saga). */
export const SubscriptionRoleErrorCodes = {
  UserNotInSubscription: 'subscription.role.user-not-found',
  UserDisabled: 'subscription.role.user-disabled',
  NotACompanyOwner: 'subscription.company-owner.not-found',
  LastCompanyOwner: 'subscription.company-owner.last',
  OwnerReassigned: 'subscription.owner-reassigned',
} as const;
