import {
  DEFAULT_PROVISIONING_POLICY,
  REQUIRED_PROFILE_ATTRIBUTES,
  RequiredProfileAttribute,
} from '../../../src/modules/subscription/contracts/provisioning-policy';
import {
  UnknownRequiredAttributeError,
  provisioningPolicy,
  samePolicy,
} from '../../../src/modules/subscription/domain/provisioning-policy.rules';

describe('provisioning policy rules', () => {
  it("the default is the seed's rule: userName, a work email, given and family name; no disabled users", () =>
    expect(DEFAULT_PROVISIONING_POLICY).toEqual({
      requiredUserAttributes: ['userName', 'email', 'givenName', 'familyName'],
      synchronizeDisabledUsers: false,
    }));

  it('names profile attributes, never a protocol path', () =>
    REQUIRED_PROFILE_ATTRIBUTES.forEach((name) => expect(name).toMatch(/^[a-zA-Z]+$/)));

  it('accepts every allowed attribute', () =>
    expect(provisioningPolicy([...REQUIRED_PROFILE_ATTRIBUTES], true).requiredUserAttributes).toEqual([
      ...REQUIRED_PROFILE_ATTRIBUTES,
    ]));

  it('always keeps userName', () =>
    expect(provisioningPolicy(['email'], true)).toEqual({
      requiredUserAttributes: ['userName', 'email'],
      synchronizeDisabledUsers: true,
    }));

  it('stores each attribute once, in a fixed order', () =>
    expect(
      provisioningPolicy(['department', 'givenName', 'givenName', 'userName'], false).requiredUserAttributes,
    ).toEqual(['userName', 'givenName', 'department']));

  it('refuses names that are not profile attributes (a command is data), listing the allowed ones', () => {
    const attempt = () =>
      provisioningPolicy(['userName', 'shoeSize', 'name.givenName'] as RequiredProfileAttribute[], false);
    expect(attempt).toThrow(UnknownRequiredAttributeError);
    expect(attempt).toThrow(/shoeSize, name\.givenName/);
    expect(attempt).toThrow(/allowed: userName, email, givenName/);
  });

  it('compares policies by value', () => {
    expect(
      samePolicy(provisioningPolicy(['email'], false), provisioningPolicy(['email', 'email'], false)),
    ).toBe(true);
    expect(samePolicy(provisioningPolicy(['email'], false), provisioningPolicy(['email'], true))).toBe(false);
    expect(samePolicy(provisioningPolicy(['email'], false), provisioningPolicy(['title'], false))).toBe(
      false,
    );
  });
});
