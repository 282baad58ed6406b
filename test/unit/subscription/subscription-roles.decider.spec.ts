import { expect } from '@jest/globals';
import { SubscriptionEvent } from '../../../src/modules/subscription/contracts/subscription.events';
import { SubscriptionRoleErrorCodes } from '../../../src/modules/subscription/contracts/subscription-roles';
import {
  SubscriptionCommand,
  UserStatusFact,
} from '../../../src/modules/subscription/domain/subscription.commands';
import { subscriptionDecider } from '../../../src/modules/subscription/domain/subscription.decider';
import {
  LastCompanyOwnerError,
  NotACompanyOwnerError,
  SubscriptionNotFoundError,
  SubscriptionOwnerReassignedError,
  UserDisabledError,
  UserNotInSubscriptionError,
} from '../../../src/modules/subscription/domain/subscription.errors';
import { rolesOf } from '../../../src/modules/subscription/domain/subscription-roles.rules';
import { fold } from '../../../src/platform/es/decider';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(subscriptionDecider);
const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-02T00:00:00.000Z';
const T2 = '2025-01-03T00:00:00.000Z';

const created: SubscriptionEvent = {
  type: 'SubscriptionCreated',
  data: { name: 'acme', companyName: 'Acme Inc.', at: T0 },
};
const ownerAssigned = (
  userId: string,
  previousOwnerId: string | null = null,
  at = T1,
): SubscriptionEvent => ({
  type: 'SubscriptionOwnerAssigned',
  data: { userId, previousOwnerId, at },
});
const companyOwnerAdded = (userId: string, at = T1): SubscriptionEvent => ({
  type: 'CompanyOwnerAdded',
  data: { userId, at },
});
const companyOwnerRemoved = (
  userId: string,
  reason: 'removed' | 'disabled' = 'removed',
  at = T2,
): SubscriptionEvent => ({ type: 'CompanyOwnerRemoved', data: { userId, reason, at } });

const assignOwner = (
  userId: string,
  userStatus: UserStatusFact = 'active',
  at = T1,
): SubscriptionCommand => ({
  type: 'AssignSubscriptionOwner',
  subscription: 'acme',
  userId,
  userStatus,
  at,
});
const addCompanyOwner = (
  userId: string,
  userStatus: UserStatusFact = 'active',
  at = T1,
): SubscriptionCommand => ({ type: 'AddCompanyOwner', subscription: 'acme', userId, userStatus, at });
const removeCompanyOwner = (
  userId: string,
  reason: 'removed' | 'disabled' = 'removed',
  at = T2,
): SubscriptionCommand => ({ type: 'RemoveCompanyOwner', subscription: 'acme', userId, reason, at });

const rolesAfter = (events: SubscriptionEvent[]) => {
  const state = fold(subscriptionDecider, events);
  if (state.status !== 'active') throw new Error('no subscription');
  return rolesOf(state);
};

describe('subscription roles', () => {
  describe('on a subscription that does not exist', () => {
    it.each([assignOwner('alice'), addCompanyOwner('alice'), removeCompanyOwner('alice')])(
      'refuses %p as not found, before looking at the user',
      (command) => spec.given([]).when(command).thenThrows(SubscriptionNotFoundError, /acme/),
    );
  });

  describe('roles go only to active users of the subscription', () => {
    it.each([assignOwner('ghost', 'absent'), addCompanyOwner('ghost', 'absent')])(
      'refuses a user who is not one of the subscription (404): %p',
      (command) =>
        spec
          .given([created])
          .when(command)
          .thenThrows(UserNotInSubscriptionError, /user "ghost" is not a user of this subscription/),
    );
    it.each([assignOwner('bob', 'disabled'), addCompanyOwner('bob', 'disabled')])(
      'refuses a disabled user (409): %p',
      (command) =>
        spec
          .given([created])
          .when(command)
          .thenThrows(UserDisabledError, /user "bob" is disabled/),
    );
    it('refuses a disabled user even when the role is already theirs', () => {
      spec
        .given([created, ownerAssigned('bob')])
        .when(assignOwner('bob', 'disabled'))
        .thenThrows(UserDisabledError);
      spec
        .given([created, companyOwnerAdded('bob')])
        .when(addCompanyOwner('bob', 'disabled'))
        .thenThrows(UserDisabledError);
    });
    it('maps to 404 and 409 through the error kind, with stable codes', () => {
      expect(new UserNotInSubscriptionError('acme', 'x')).toMatchObject({
        kind: 'not-found',
        code: SubscriptionRoleErrorCodes.UserNotInSubscription,
      });
      expect(new UserDisabledError('x')).toMatchObject({
        kind: 'conflict',
        code: SubscriptionRoleErrorCodes.UserDisabled,
      });
    });
  });

  describe('subscription owner: exactly one once set', () => {
    it('assigns the first owner', () =>
      spec
        .given([created])
        .when(assignOwner('alice'))
        .then([ownerAssigned('alice', null)]));
    it('replaces the owner, naming the previous one', () =>
      spec
        .given([created, ownerAssigned('alice')])
        .when(assignOwner('bob', 'active', T2))
        .then([ownerAssigned('bob', 'alice', T2)]));
    it('assigning the current owner again records nothing', () =>
      spec
        .given([created, ownerAssigned('alice')])
        .when(assignOwner('alice'))
        .thenNothing());
    it('folds the latest owner', () =>
      expect(rolesAfter([created, ownerAssigned('alice'), ownerAssigned('bob', 'alice')])).toEqual({
        subscriptionOwner: 'bob',
        companyOwners: [],
      }));
  });

  describe("subscription owner moved by a disabled user's handover (the transfer saga)", () => {
    const handOver = (heirId: string, fromUserId: string, currentOwnerStatus: UserStatusFact) =>
      ({
        ...assignOwner(heirId, 'active', T2),
        handover: { fromUserId, currentOwnerStatus },
      }) as SubscriptionCommand;

    it('replaces the disabled user it comes from', () =>
      spec
        .given([created, ownerAssigned('so')])
        .when(handOver('co1', 'so', 'disabled'))
        .then([ownerAssigned('co1', 'so', T2)]));
    it('replaces an owner no longer active (a chain: the heir before it was disabled too)', () =>
      spec
        .given([created, ownerAssigned('so')])
        .when(handOver('co2', 'co1', 'disabled'))
        .then([ownerAssigned('co2', 'so', T2)]));
    it('keeps an active owner assigned since the disable (an admin chose it): refused, nothing written', () =>
      spec
        .given([created, ownerAssigned('so'), ownerAssigned('admins-pick', 'so')])
        .when(handOver('co1', 'so', 'active'))
        .thenThrows(SubscriptionOwnerReassignedError, /admins-pick.*assigned after so was disabled/));
    it('gives the role when there is no owner (removed meanwhile)', () =>
      spec
        .given([created])
        .when(handOver('co1', 'so', 'absent'))
        .then([ownerAssigned('co1', null, T2)]));
    it('the reassigned refusal is a conflict with a stable code', () =>
      expect(new SubscriptionOwnerReassignedError('acme', 'a', 'so')).toMatchObject({
        kind: 'conflict',
        code: SubscriptionRoleErrorCodes.OwnerReassigned,
      }));
  });

  describe('company owners: one or more once set', () => {
    it('adds a company owner', () =>
      spec
        .given([created])
        .when(addCompanyOwner('alice'))
        .then([companyOwnerAdded('alice')]));
    it('adding a current company owner records nothing', () =>
      spec
        .given([created, companyOwnerAdded('alice')])
        .when(addCompanyOwner('alice', 'active', T2))
        .thenNothing());
    it('keeps them in the order they were added, each with its since', () =>
      expect(
        rolesAfter([created, companyOwnerAdded('carol', T1), companyOwnerAdded('alice', T2)]).companyOwners,
      ).toEqual([
        { userId: 'carol', since: T1 },
        { userId: 'alice', since: T2 },
      ]));
    it('removes one of several', () =>
      spec
        .given([created, companyOwnerAdded('alice'), companyOwnerAdded('bob')])
        .when(removeCompanyOwner('alice'))
        .then([companyOwnerRemoved('alice')]));
    it('records why: removed by an admin, or disabled', () =>
      spec
        .given([created, companyOwnerAdded('alice'), companyOwnerAdded('bob')])
        .when(removeCompanyOwner('bob', 'disabled'))
        .then([companyOwnerRemoved('bob', 'disabled')]));
    it('the remaining longest-standing owner comes first after a removal', () =>
      expect(
        rolesAfter([
          created,
          companyOwnerAdded('alice', T0),
          companyOwnerAdded('bob', T1),
          companyOwnerAdded('carol', T2),
          companyOwnerRemoved('alice'),
        ]).companyOwners.map((owner) => owner.userId),
      ).toEqual(['bob', 'carol']));
    it('a removed and re-added owner starts again, last and with a new since', () =>
      expect(
        rolesAfter([
          created,
          companyOwnerAdded('alice', T0),
          companyOwnerAdded('bob', T1),
          companyOwnerRemoved('alice', 'removed', T1),
          companyOwnerAdded('alice', T2),
        ]).companyOwners,
      ).toEqual([
        { userId: 'bob', since: T1 },
        { userId: 'alice', since: T2 },
      ]));
    it('refuses to remove a user who is not a company owner (404)', () =>
      spec
        .given([created, companyOwnerAdded('alice'), companyOwnerAdded('bob'), companyOwnerRemoved('bob')])
        .when(removeCompanyOwner('bob'))
        .thenThrows(NotACompanyOwnerError, /"bob" is not a company owner of subscription "acme"/));
    it.each(['removed', 'disabled'] as const)(
      'refuses to remove the last company owner (409) when %s',
      (reason) =>
        spec
          .given([created, companyOwnerAdded('bob'), companyOwnerAdded('alice'), companyOwnerRemoved('bob')])
          .when(removeCompanyOwner('alice', reason))
          .thenThrows(LastCompanyOwnerError, /another company owner must be added first/),
    );
    it("refuses an admin's removal that would leave only disabled company owners (409)", () =>
      spec
        .given([created, companyOwnerAdded('bob'), companyOwnerAdded('alice')])
        .when({
          ...removeCompanyOwner('alice', 'removed'),
          otherActiveCompanyOwners: 0,
        } as SubscriptionCommand)
        .thenThrows(
          LastCompanyOwnerError,
          /only active company owner of subscription "acme" and cannot be removed/,
        ));
    it("lets an admin remove one while another company owner is active; the transfer's removal asks nothing", () => {
      spec
        .given([created, companyOwnerAdded('bob'), companyOwnerAdded('alice')])
        .when({
          ...removeCompanyOwner('alice', 'removed'),
          otherActiveCompanyOwners: 1,
        } as SubscriptionCommand)
        .then([companyOwnerRemoved('alice', 'removed', T2)]);
      spec
        .given([created, companyOwnerAdded('bob'), companyOwnerAdded('alice')])
        .when(removeCompanyOwner('alice', 'disabled'))
        .then([companyOwnerRemoved('alice', 'disabled', T2)]);
    });
    it('says what was refused, with a stable code and the conflict kind', () => {
      expect(new LastCompanyOwnerError('acme', 'alice', 'disabled')).toMatchObject({
        kind: 'conflict',
        code: SubscriptionRoleErrorCodes.LastCompanyOwner,
        message: expect.stringMatching(/only company owner of subscription "acme" and cannot be disabled/),
      });
      expect(new NotACompanyOwnerError('acme', 'x')).toMatchObject({
        kind: 'not-found',
        code: SubscriptionRoleErrorCodes.NotACompanyOwner,
      });
    });
    it('removing a user who is not a company owner is refused as not found even with no company owner', () =>
      spec.given([created]).when(removeCompanyOwner('alice')).thenThrows(NotACompanyOwnerError));
  });

  describe('the two roles are independent', () => {
    it('the subscription owner can also be a company owner', () =>
      expect(rolesAfter([created, ownerAssigned('alice'), companyOwnerAdded('alice')])).toEqual({
        subscriptionOwner: 'alice',
        companyOwners: [{ userId: 'alice', since: T1 }],
      }));
    it('removing a company owner leaves the subscription owner', () =>
      expect(
        rolesAfter([
          created,
          ownerAssigned('alice'),
          companyOwnerAdded('alice'),
          companyOwnerAdded('bob'),
          companyOwnerRemoved('alice'),
        ]).subscriptionOwner,
      ).toBe('alice'));
  });
});
