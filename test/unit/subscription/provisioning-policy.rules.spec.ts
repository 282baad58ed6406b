import {
  DEFAULT_PROVISIONING_POLICY,
  REQUIRED_USER_ATTRIBUTES,
} from '../../../src/modules/subscription/contracts/provisioning-policy';
import {
  UnknownRequiredAttributeError,
  provisioningPolicy,
  samePolicy,
} from '../../../src/modules/subscription/domain/provisioning-policy.rules';

describe('provisioning policy rules', () => {
  it("the default is the seed's rule: userName, a work email, given and family name; no disabled users", () =>
    expect(DEFAULT_PROVISIONING_POLICY).toEqual({
      requiredUserAttributes: ['userName', 'emails', 'name.givenName', 'name.familyName'],
      synchronizeDisabledUsers: false,
    }));

  it('accepts every allowed attribute', () =>
    expect(provisioningPolicy([...REQUIRED_USER_ATTRIBUTES], true).requiredUserAttributes).toEqual([
      ...REQUIRED_USER_ATTRIBUTES,
    ]));

  it('always keeps userName', () =>
    expect(provisioningPolicy(['emails'], true)).toEqual({
      requiredUserAttributes: ['userName', 'emails'],
      synchronizeDisabledUsers: true,
    }));

  it('matches names case-insensitively, stores them canonical, once, in a fixed order', () =>
    expect(
      provisioningPolicy(
        [
          'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT',
          'Name.GivenName',
          'name.givenname',
          'USERNAME',
        ],
        false,
      ).requiredUserAttributes,
    ).toEqual([
      'userName',
      'name.givenName',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    ]));

  it('refuses unknown names, naming them and listing the allowed ones', () => {
    const attempt = () => provisioningPolicy(['userName', 'shoeSize', 'emails.value'], false);
    expect(attempt).toThrow(UnknownRequiredAttributeError);
    expect(attempt).toThrow(/shoeSize, emails\.value/);
    expect(attempt).toThrow(/allowed: userName, emails, name\.givenName/);
  });

  it('compares policies by value', () => {
    expect(samePolicy(provisioningPolicy(['emails'], false), provisioningPolicy(['EMAILS'], false))).toBe(
      true,
    );
    expect(samePolicy(provisioningPolicy(['emails'], false), provisioningPolicy(['emails'], true))).toBe(
      false,
    );
    expect(samePolicy(provisioningPolicy(['emails'], false), provisioningPolicy(['title'], false))).toBe(
      false,
    );
  });
});
