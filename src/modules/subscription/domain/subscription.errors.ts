import { DomainError } from '../../../platform/es/domain-event';
import { CompanyOwnerRemovalReason, SubscriptionRoleErrorCodes } from '../contracts/subscription-roles';

export class SubscriptionAlreadyExistsError extends DomainError {
  constructor(name: string) {
    super('subscription.name-taken', `a subscription named "${name}" already exists`, 'conflict');
  }
}

export { SubscriptionNotFoundError } from '../contracts/subscription-not-found.error';

export class InvalidCompanyNameError extends DomainError {
  constructor() {
    super('subscription.invalid-company-name', 'companyName must not be blank', 'invalid');
  }
}

export class ScimTokenNotFoundError extends DomainError {
  constructor(subscription: string, tokenId: string) {
    super(
      'subscription.token.not-found',
      `subscription "${subscription}" has no SCIM token "${tokenId}"`,
      'not-found',
    );
  }
}

export class ScimTokenIdTakenError extends DomainError {
  constructor(tokenId: string) {
    super('subscription.token.id-taken', `SCIM token id "${tokenId}" is already used`, 'conflict');
  }
}

export class TokenExpiryInPastError extends DomainError {
  constructor(expiresAt: string) {
    super('subscription.token.expiry-in-past', `expiresAt ${expiresAt} is not in the future`, 'invalid');
  }
}

export class UserNotInSubscriptionError extends DomainError {
  constructor(subscription: string, userId: string) {
    super(
      SubscriptionRoleErrorCodes.UserNotInSubscription,
      `user "${userId}" is not a user of this subscription ("${subscription}")`,
      'not-found',
    );
  }
}

export class UserDisabledError extends DomainError {
  constructor(userId: string) {
    super(
      SubscriptionRoleErrorCodes.UserDisabled,
      `user "${userId}" is disabled: roles go only to active users`,
      'conflict',
    );
  }
}

export class NotACompanyOwnerError extends DomainError {
  constructor(subscription: string, userId: string) {
    super(
      SubscriptionRoleErrorCodes.NotACompanyOwner,
      `user "${userId}" is not a company owner of subscription "${subscription}"`,
      'not-found',
    );
  }
}

/** Seed: the only company owner cannot be disabled "until another Company owner is assigned". */
export class LastCompanyOwnerError extends DomainError {
  constructor(
    subscription: string,
    readonly userId: string,
    reason: CompanyOwnerRemovalReason,
    /** 'active': the others are disabled (their transfers have not removed them yet). */
    only: 'listed' | 'active' = 'listed',
  ) {
    super(
      SubscriptionRoleErrorCodes.LastCompanyOwner,
      `user "${userId}" is the only ${only === 'active' ? 'active ' : ''}company owner of subscription "${subscription}" and cannot be ` +
        `${reason === 'disabled' ? 'disabled' : 'removed'}: another company owner must be added first`,
      'conflict',
    );
  }
}

/** A handover's role move finds an active owner assigned since the disable: the later choice stands. */
export class SubscriptionOwnerReassignedError extends DomainError {
  constructor(subscription: string, ownerId: string, disabledUserId: string) {
    super(
      SubscriptionRoleErrorCodes.OwnerReassigned,
      `subscription ${subscription} is owned by ${ownerId}, assigned after ${disabledUserId} was disabled: the handover leaves that owner in place`,
      'conflict',
    );
  }
}
