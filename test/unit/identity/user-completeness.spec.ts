import { REQUIRED_PROFILE_ATTRIBUTES } from '../../../src/modules/subscription/contracts/provisioning-policy';
import { UserProfile } from '../../../src/modules/identity/contracts/user-profile';
import { missingAttributes } from '../../../src/modules/identity/domain/user-completeness';

const complete: UserProfile = {
  userName: 'ann@contoso.test',
  externalId: 'obj-1',
  displayName: 'Ann',
  title: 'Engineer',
  name: { givenName: 'Ann', familyName: 'Lee' },
  emails: [{ value: 'ann@contoso.test', type: 'work' }],
  phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
  enterprise: { employeeNumber: '42', department: 'Sales' },
};
const every = { requiredAttributes: REQUIRED_PROFILE_ATTRIBUTES, synchronizeDisabledUsers: false };

describe('user completeness (the subscription policy, by profile attribute)', () => {
  it('finds nothing missing on a profile that has every attribute a policy can require', () =>
    expect(missingAttributes(complete, every)).toEqual([]));

  it.each([
    ['userName', { userName: '  ' }, 'userName'],
    ['email', { emails: [{ value: 'a@b.c', type: 'home' }] }, 'email'],
    ['givenName', { name: { familyName: 'Lee' } }, 'givenName'],
    ['familyName', { name: { givenName: 'Ann' } }, 'familyName'],
    ['displayName', { displayName: '' }, 'displayName'],
    ['externalId', { externalId: undefined }, 'externalId'],
    ['title', { title: ' ' }, 'title'],
    ['phoneNumber', { phoneNumbers: [{ value: '' }] }, 'phoneNumber'],
    ['employeeNumber', { enterprise: { department: 'Sales' } }, 'employeeNumber'],
    ['department', { enterprise: { employeeNumber: '42' } }, 'department'],
  ])('names %s when the profile lacks it', (_attribute, change, named) =>
    expect(missingAttributes({ ...complete, ...change } as UserProfile, every)).toEqual([named]),
  );

  it('always requires userName, even when a policy leaves it out', () =>
    expect(
      missingAttributes(
        { ...complete, userName: '' },
        { requiredAttributes: [], synchronizeDisabledUsers: true },
      ),
    ).toEqual(['userName']));
});
