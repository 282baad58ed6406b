import { DomainError } from '../../../platform/es/domain-event';

export class SubscriptionAlreadyExistsError extends DomainError {
  constructor(name: string) {
    super('subscription.name-taken', `a subscription named "${name}" already exists`, 'conflict');
  }
}

export class SubscriptionNotFoundError extends DomainError {
  constructor(name: string) {
    super('subscription.not-found', `no subscription named "${name}"`, 'not-found');
  }
}

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
