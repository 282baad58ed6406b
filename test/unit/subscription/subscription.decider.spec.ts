import {
  DEFAULT_PROVISIONING_POLICY,
  RequiredProfileAttribute,
} from '../../../src/modules/subscription/contracts/provisioning-policy';
import { SubscriptionEvent } from '../../../src/modules/subscription/contracts/subscription.events';
import { UnknownRequiredAttributeError } from '../../../src/modules/subscription/domain/provisioning-policy.rules';
import { SubscriptionCommand } from '../../../src/modules/subscription/domain/subscription.commands';
import { subscriptionDecider } from '../../../src/modules/subscription/domain/subscription.decider';
import {
  InvalidCompanyNameError,
  ScimTokenIdTakenError,
  ScimTokenNotFoundError,
  SubscriptionAlreadyExistsError,
  SubscriptionNotFoundError,
  TokenExpiryInPastError,
} from '../../../src/modules/subscription/domain/subscription.errors';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(subscriptionDecider);
const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-02T00:00:00.000Z';
const HASH = 'a'.repeat(64);

const created: SubscriptionEvent = {
  type: 'SubscriptionCreated',
  data: { name: 'acme', companyName: 'Acme Inc.', at: T0 },
};
const issued = (tokenId: string, expiresAt: string | null = null): SubscriptionEvent => ({
  type: 'ScimTokenIssued',
  data: { tokenId, secretHash: HASH, description: 'Entra', expiresAt, at: T0 },
});
const revoked = (tokenId: string): SubscriptionEvent => ({
  type: 'ScimTokenRevoked',
  data: { tokenId, at: T1 },
});

const create = (companyName = 'Acme Inc.'): SubscriptionCommand => ({
  type: 'CreateSubscription',
  name: 'acme',
  companyName,
  at: T0,
});
const issue = (tokenId: string, expiresAt: string | null = null): SubscriptionCommand => ({
  type: 'IssueScimToken',
  subscription: 'acme',
  tokenId,
  secretHash: HASH,
  description: 'Entra',
  expiresAt,
  at: T0,
});
const revoke = (tokenId: string): SubscriptionCommand => ({
  type: 'RevokeScimToken',
  subscription: 'acme',
  tokenId,
  at: T1,
});
const changePolicy = (
  requiredUserAttributes: string[], // typed loosely: a command may carry a stray name
  synchronizeDisabledUsers = false,
): SubscriptionCommand => ({
  type: 'ChangeProvisioningPolicy',
  subscription: 'acme',
  requiredUserAttributes: requiredUserAttributes as RequiredProfileAttribute[],
  synchronizeDisabledUsers,
  at: T1,
});

describe('subscription decider', () => {
  describe('create', () => {
    it('creates an absent subscription', () => spec.given([]).when(create()).then([created]));
    it('refuses a name that exists (409)', () =>
      spec.given([created]).when(create()).thenThrows(SubscriptionAlreadyExistsError));
    it('trims the company name and refuses a blank one', () => {
      spec.given([]).when(create('  Acme Inc.  ')).then([created]);
      spec.given([]).when(create('   ')).thenThrows(InvalidCompanyNameError);
    });
    it('starts with the default provisioning policy, no token and no owner', () =>
      spec.given([created]).thenState({
        status: 'active',
        name: 'acme',
        companyName: 'Acme Inc.',
        tokens: {},
        policy: DEFAULT_PROVISIONING_POLICY,
        subscriptionOwner: null,
        companyOwners: [],
      }));
  });

  describe('on a subscription that does not exist', () => {
    it.each([issue('t1'), revoke('t1'), changePolicy(['userName'])])('refuses %p as not found', (command) =>
      spec.given([]).when(command).thenThrows(SubscriptionNotFoundError, /acme/),
    );
  });

  describe('SCIM tokens', () => {
    it('issues a token with its hash, never a secret', () =>
      spec
        .given([created])
        .when(issue('t1'))
        .then([issued('t1')]));
    it('issues a token that expires in the future', () =>
      spec
        .given([created])
        .when(issue('t1', T1))
        .then([issued('t1', T1)]));
    it('refuses an expiry that is not after the issue time (400)', () => {
      spec.given([created]).when(issue('t1', T0)).thenThrows(TokenExpiryInPastError);
      spec.given([created]).when(issue('t1', '2024-12-31T23:59:59.999Z')).thenThrows(TokenExpiryInPastError);
    });
    it('refuses to reuse a token id', () =>
      spec
        .given([created, issued('t1')])
        .when(issue('t1'))
        .thenThrows(ScimTokenIdTakenError));
    it('revokes an issued token', () =>
      spec
        .given([created, issued('t1')])
        .when(revoke('t1'))
        .then([revoked('t1')]));
    it('revoking twice records nothing (idempotent)', () =>
      spec
        .given([created, issued('t1'), revoked('t1')])
        .when(revoke('t1'))
        .thenNothing());
    it.each(['constructor', '__proto__', 'toString'])('does not mistake %s for a token', (tokenId) =>
      spec
        .given([created, issued('t1')])
        .when(revoke(tokenId))
        .thenThrows(ScimTokenNotFoundError),
    );
    it('refuses to revoke an unknown token as not found', () =>
      spec
        .given([created, issued('t1')])
        .when(revoke('t2'))
        .thenThrows(ScimTokenNotFoundError, /t2/));
  });

  describe('provisioning policy', () => {
    it('records a changed policy, normalised', () =>
      spec
        .given([created])
        .when(changePolicy(['email', 'userName', 'email'], true))
        .then([
          {
            type: 'ProvisioningPolicyChanged',
            data: { requiredUserAttributes: ['userName', 'email'], synchronizeDisabledUsers: true, at: T1 },
          },
        ]));
    it('adds userName back when left out', () =>
      spec
        .given([created])
        .when(changePolicy([]))
        .then([
          {
            type: 'ProvisioningPolicyChanged',
            data: { requiredUserAttributes: ['userName'], synchronizeDisabledUsers: false, at: T1 },
          },
        ]));
    it('records nothing when the policy does not change', () =>
      spec
        .given([created])
        .when(changePolicy(['familyName', 'givenName', 'email']))
        .thenNothing());
    it('refuses unknown attribute names', () =>
      spec
        .given([created])
        .when(changePolicy(['userName', 'name.givenName']))
        .thenThrows(UnknownRequiredAttributeError, /name\.givenName/));
    it('folds the latest policy into the state', () => {
      const changed: SubscriptionEvent = {
        type: 'ProvisioningPolicyChanged',
        data: { requiredUserAttributes: ['userName'], synchronizeDisabledUsers: true, at: T1 },
      };
      spec
        .given([created, changed])
        .when(changePolicy(['userName'], true))
        .thenNothing();
    });
  });
});
