import { UserProfile } from '../../../src/modules/identity/contracts/user-profile';
import { InvalidProfileEditError, applyProfileEdit } from '../../../src/modules/identity/domain/profile-edit';

const ann: UserProfile = {
  userName: 'ann@contoso.test',
  name: { givenName: 'Ann', familyName: 'Lee' },
  title: 'Engineer',
  emails: [{ value: 'ann@contoso.test', type: 'work', primary: true }],
  enterprise: { department: 'Sales', costCenter: 'C1' },
};

describe('applyProfileEdit: a JSON merge patch of the profile', () => {
  it('sets, replaces and removes (null or "") top-level values, leaving the rest', () => {
    expect(applyProfileEdit(ann, { title: 'Lead', nickName: 'A', displayName: null, userType: '' })).toEqual({
      ...ann,
      title: 'Lead',
      nickName: 'A',
    });
    expect(applyProfileEdit(ann, { title: null })).not.toHaveProperty('title');
  });

  it('merges name and enterprise key by key; removing the last key removes the object', () => {
    expect(applyProfileEdit(ann, { name: { middleName: 'J', givenName: null } }).name).toEqual({
      familyName: 'Lee',
      middleName: 'J',
    });
    const edited = applyProfileEdit(ann, { enterprise: { department: null, costCenter: null } });
    expect(edited).not.toHaveProperty('enterprise');
    expect(applyProfileEdit(ann, { name: null })).not.toHaveProperty('name');
  });

  it('replaces lists whole, keeping primary only when true; [] or null removes them', () => {
    const edited = applyProfileEdit(ann, {
      phoneNumbers: [{ value: '+1 555', type: 'work', primary: false }],
      roles: [{ value: 'Admin', display: 'Admin', primary: true }],
      addresses: [{ locality: 'Lyon', country: 'FR', primary: true }],
    });
    expect(edited.phoneNumbers).toEqual([{ value: '+1 555', type: 'work' }]);
    expect(edited.roles).toEqual([{ value: 'Admin', display: 'Admin', primary: true }]);
    expect(edited.addresses).toEqual([{ locality: 'Lyon', country: 'FR', primary: true }]);
    expect(applyProfileEdit(ann, { emails: [] })).not.toHaveProperty('emails');
  });

  it('trims userName and refuses an empty one', () => {
    expect(applyProfileEdit(ann, { userName: ' ann2@contoso.test ' }).userName).toBe('ann2@contoso.test');
    expect(() => applyProfileEdit(ann, { userName: null })).toThrow(InvalidProfileEditError);
    expect(() => applyProfileEdit(ann, { userName: ' ' })).toThrow(/userName/);
  });

  it.each([
    ['a body that is not an object', ['title']],
    ['an unknown key', { favouriteColour: 'blue' }],
    ['a key the admin does not edit here', { active: false }],
    ['a number for a string', { title: 42 }],
    ['an unknown key inside name', { name: { nick: 'x' } }],
    ['a list element without value', { emails: [{ type: 'work' }] }],
    ['an unknown key in a list element', { roles: [{ value: 'x', scope: 'y' }] }],
    ['primary that is not a boolean', { emails: [{ value: 'x', primary: 'yes' }] }],
    ['an empty address', { addresses: [{}] }],
    ['a text longer than 2,000 characters', { title: 'x'.repeat(2001) }],
    ['more than 100 elements', { phoneNumbers: Array.from({ length: 101 }, (_, i) => ({ value: `${i}` })) }],
  ])('refuses %s, naming what is wrong', (_, edit) => {
    expect(() => applyProfileEdit(ann, edit)).toThrow(InvalidProfileEditError);
  });

  it('names the offending key in the message', () => {
    expect(() => applyProfileEdit(ann, { roles: [{ value: 'x' }, { value: 7 }] })).toThrow(
      '"roles[1].value"',
    );
  });
});
