import { UserEvent } from '../../../src/modules/identity/contracts/user.events';
import { UserProfile } from '../../../src/modules/identity/contracts/user-profile';
import { UserCommand, userDecider } from '../../../src/modules/identity/domain/user.decider';
import {
  DisableRefusedError,
  DisabledUserNotSynchronizedError,
  IncompleteUserError,
  InvalidManagerError,
  UserAlreadyExistsError,
  UserNotFoundError,
} from '../../../src/modules/identity/domain/user.errors';
import { SynchronizationRule } from '../../../src/modules/identity/domain/user-completeness';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(userDecider);
const at = '2026-01-01T00:00:00.000Z';
const seedRule: SynchronizationRule = {
  requiredAttributes: ['userName', 'email', 'givenName', 'familyName'],
  synchronizeDisabledUsers: false,
};
const relaxed: SynchronizationRule = { requiredAttributes: ['userName'], synchronizeDisabledUsers: true };
const alice: UserProfile = {
  userName: 'alice@contoso.com',
  name: { givenName: 'Alice', familyName: 'Smith' },
  emails: [{ value: 'alice@contoso.com', type: 'work', primary: true }],
};
const ref = { subscription: 'acme', userId: 'u1', at };
const handover = {
  heirId: 'boss',
  rule: 'manager' as const,
  takesSubscriptionOwnership: false,
  removesCompanyOwnership: false,
};
const refused = {
  outcome: 'refused' as const,
  reason: 'only-company-owner' as const,
  detail: 'user u1 is the only company owner and cannot be disabled: assign another company owner first',
};

const provision = (
  overrides: Partial<Extract<UserCommand, { type: 'ProvisionUser' }>> = {},
): UserCommand => ({
  type: 'ProvisionUser',
  subscription: 'acme',
  userId: 'u1',
  profile: alice,
  active: true,
  manager: null,
  rule: seedRule,
  at,
  ...overrides,
});
const change = (overrides: Partial<Extract<UserCommand, { type: 'ChangeUser' }>> = {}): UserCommand => ({
  type: 'ChangeUser',
  userId: 'u1',
  profile: alice,
  active: true,
  manager: null,
  rule: seedRule,
  at,
  ...overrides,
});
const provisioned = (
  data: Partial<Extract<UserEvent, { type: 'UserProvisioned' }>['data']> = {},
): UserEvent => ({
  type: 'UserProvisioned',
  data: { ...ref, profile: alice, active: true, managerId: null, ...data },
});

describe('user decider', () => {
  describe('provisioning', () => {
    it('provisions a complete, active user', () => spec.given([]).when(provision()).then([provisioned()]));

    it('refuses a user that exists', () =>
      spec.given([provisioned()]).when(provision()).thenThrows(UserAlreadyExistsError));

    it('refuses a disabled user under the seed rule', () =>
      spec
        .given([])
        .when(provision({ active: false }))
        .thenThrows(DisabledUserNotSynchronizedError));

    it('provisions a disabled user when the policy allows it', () =>
      spec
        .given([])
        .when(provision({ active: false, rule: relaxed }))
        .then([provisioned({ active: false })]));

    it.each([
      ['userName', { ...alice, userName: '' }, 'userName'],
      [
        'a work or primary email',
        { ...alice, emails: [{ value: 'a@b.c', type: 'home' }] },
        'work or primary email',
      ],
      ['givenName', { ...alice, name: { familyName: 'Smith' } }, 'givenName'],
      ['familyName', { ...alice, name: { givenName: 'Alice' } }, 'familyName'],
    ])('refuses a user without %s, naming it', (_what, profile, named) =>
      spec.given([]).when(provision({ profile })).thenThrows(IncompleteUserError, named),
    );

    it('accepts a primary email of another type as the required email', () =>
      spec
        .given([])
        .when(provision({ profile: { ...alice, emails: [{ value: 'a@b.c', type: 'home', primary: true }] } }))
        .thenMatches([{ type: 'UserProvisioned' }]));

    it('requires only userName under a relaxed policy', () =>
      spec
        .given([])
        .when(provision({ profile: { userName: 'bob' }, rule: relaxed }))
        .thenMatches([{ type: 'UserProvisioned' }]));

    it('keeps userName required even when the policy omits it', () =>
      spec
        .given([])
        .when(
          provision({
            profile: { userName: ' ' },
            rule: { requiredAttributes: [], synchronizeDisabledUsers: true },
          }),
        )
        .thenThrows(IncompleteUserError, 'userName'));

    it('refuses an unknown manager', () =>
      spec
        .given([])
        .when(provision({ manager: { id: 'm1', exists: false } }))
        .thenThrows(InvalidManagerError));

    it('records a known manager', () =>
      spec
        .given([])
        .when(provision({ manager: { id: 'm1', exists: true } }))
        .then([provisioned({ managerId: 'm1' })]));
  });

  describe('changes', () => {
    it('emits nothing when nothing changes', () => spec.given([provisioned()]).when(change()).thenNothing());

    it('emits the new profile', () =>
      spec
        .given([provisioned()])
        .when(change({ profile: { ...alice, title: 'CTO' } }))
        .then([{ type: 'UserProfileChanged', data: { ...ref, profile: { ...alice, title: 'CTO' } } }]));

    it('refuses a change that makes the user incomplete', () =>
      spec
        .given([provisioned()])
        .when(change({ profile: { ...alice, emails: [] } }))
        .thenThrows(IncompleteUserError));

    it('assigns, changes and removes the manager', () => {
      spec
        .given([provisioned()])
        .when(change({ manager: { id: 'm1', exists: true } }))
        .then([{ type: 'UserManagerAssigned', data: { ...ref, managerId: 'm1' } }]);
      spec
        .given([provisioned({ managerId: 'm1' })])
        .when(change({ manager: { id: 'm2', exists: true } }))
        .then([{ type: 'UserManagerAssigned', data: { ...ref, managerId: 'm2' } }]);
      spec
        .given([provisioned({ managerId: 'm1' })])
        .when(change({ manager: null }))
        .then([{ type: 'UserManagerRemoved', data: { ...ref, previousManagerId: 'm1' } }]);
    });

    it('refuses the user as its own manager', () =>
      spec
        .given([provisioned()])
        .when(change({ manager: { id: 'u1', exists: true } }))
        .thenThrows(InvalidManagerError));

    it('disables with no transfer when the rule says so, and restores', () => {
      spec
        .given([provisioned()])
        .when(change({ active: false, heir: { outcome: 'no-transfer' } }))
        .then([{ type: 'UserDisabled', data: { ...ref, handover: null } }]);
      spec
        .given([provisioned(), { type: 'UserDisabled', data: { ...ref, handover: null } }])
        .when(change({ active: true }))
        .then([{ type: 'UserEnabled', data: ref }]);
    });

    it('records the heir decided when the disable was accepted', () =>
      spec
        .given([provisioned()])
        .when(change({ active: false, heir: { outcome: 'transfer', ...handover } }))
        .then([{ type: 'UserDisabled', data: { ...ref, handover } }]));

    it('refuses a disable the rule refuses, with its detail', () =>
      spec
        .given([provisioned()])
        .when(change({ active: false, heir: refused }))
        .thenThrows(DisableRefusedError, 'assign another company owner first'));

    it('disables through the admin door with the same rule', () => {
      spec
        .given([provisioned()])
        .when({ type: 'DisableUser', userId: 'u1', heir: { outcome: 'transfer', ...handover }, at })
        .then([{ type: 'UserDisabled', data: { ...ref, handover } }]);
      spec
        .given([provisioned()])
        .when({ type: 'DisableUser', userId: 'u1', heir: refused, at })
        .thenThrows(DisableRefusedError);
      spec
        .given([provisioned(), { type: 'UserDisabled', data: { ...ref, handover: null } }])
        .when({ type: 'DisableUser', userId: 'u1', at })
        .thenNothing();
    });

    it('refuses changes to a missing or deleted user', () => {
      spec.given([]).when(change()).thenThrows(UserNotFoundError);
      spec
        .given([
          provisioned(),
          { type: 'UserDeleted', data: { ...ref, userName: alice.userName, handover: null } },
        ])
        .when(change())
        .thenThrows(UserNotFoundError);
    });
  });

  describe('deletion', () => {
    it('deletes an active user as a disable: userName to free and the heir', () =>
      spec
        .given([provisioned()])
        .when({ type: 'DeleteUser', userId: 'u1', heir: { outcome: 'transfer', ...handover }, at })
        .then([{ type: 'UserDeleted', data: { ...ref, userName: alice.userName, handover } }]));

    it('refuses to delete the only company owner', () =>
      spec
        .given([provisioned()])
        .when({ type: 'DeleteUser', userId: 'u1', heir: refused, at })
        .thenThrows(DisableRefusedError));

    it('deletes a disabled user with nothing to hand over', () =>
      spec
        .given([provisioned(), { type: 'UserDisabled', data: { ...ref, handover: null } }])
        .when({ type: 'DeleteUser', userId: 'u1', at })
        .then([{ type: 'UserDeleted', data: { ...ref, userName: alice.userName, handover: null } }]));

    it('refuses to delete twice', () =>
      spec
        .given([
          provisioned(),
          { type: 'UserDeleted', data: { ...ref, userName: alice.userName, handover: null } },
        ])
        .when({ type: 'DeleteUser', userId: 'u1', at })
        .thenThrows(UserNotFoundError));
  });

  describe("a manager's deletion", () => {
    const release = { type: 'ReleaseDeletedManager' as const, userId: 'u1', managerId: 'm1', at };

    it('removes the deleted manager from its report', () =>
      spec
        .given([provisioned({ managerId: 'm1' })])
        .when(release)
        .then([{ type: 'UserManagerRemoved', data: { ...ref, previousManagerId: 'm1' } }]));

    it('leaves a user that reports to someone else, or to nobody, as it is', () => {
      spec
        .given([
          provisioned({ managerId: 'm1' }),
          { type: 'UserManagerAssigned', data: { ...ref, managerId: 'm2' } },
        ])
        .when(release)
        .thenNothing();
      spec.given([provisioned()]).when(release).thenNothing();
    });

    it('applies to a disabled user too, and to no deleted or unknown one', () => {
      spec
        .given([provisioned({ managerId: 'm1' }), { type: 'UserDisabled', data: { ...ref, handover: null } }])
        .when(release)
        .then([{ type: 'UserManagerRemoved', data: { ...ref, previousManagerId: 'm1' } }]);
      spec
        .given([
          provisioned({ managerId: 'm1' }),
          { type: 'UserDeleted', data: { ...ref, userName: alice.userName, handover: null } },
        ])
        .when(release)
        .thenNothing();
      spec.given([]).when(release).thenNothing();
    });
  });
});
