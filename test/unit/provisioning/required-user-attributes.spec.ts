import {
  REQUIRED_PROFILE_ATTRIBUTES,
  RequiredProfileAttribute,
} from '../../../src/modules/subscription/contracts/provisioning-policy';
import { provisioningPolicyChangedV1ToV2 } from '../../../src/modules/subscription/contracts/subscription.upcasters';
import {
  REQUIRED_USER_ATTRIBUTE_NAMES,
  incompleteUserDetail,
  profileAttributesOf,
  scimPolicy,
} from '../../../src/modules/provisioning/domain/schema/required-user-attributes';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('the provisioning policy as admins name it (SCIM attributes)', () => {
  it('offers the SCIM names of every profile attribute a policy can require, in canonical form', () =>
    expect(REQUIRED_USER_ATTRIBUTE_NAMES).toEqual([
      'userName',
      'emails',
      'name.givenName',
      'name.familyName',
      'displayName',
      'externalId',
      'title',
      'phoneNumbers',
      `${ENTERPRISE}:employeeNumber`,
      `${ENTERPRISE}:department`,
    ]));

  it('maps names case-insensitively (RFC 7643 2.1) to profile attributes', () =>
    expect(
      profileAttributesOf([`${ENTERPRISE.toUpperCase()}:DEPARTMENT`, 'Name.GivenName', 'EMAILS']),
    ).toEqual({
      attributes: ['department', 'givenName', 'email'],
    }));

  it('names every unknown name', () =>
    expect(profileAttributesOf(['userName', 'shoeSize', 'emails.value', 'givenName'])).toEqual({
      unknown: ['shoeSize', 'emails.value', 'givenName'],
    }));

  it('answers a stored policy with SCIM names, and the two mappings are inverse', () => {
    const all = [...REQUIRED_PROFILE_ATTRIBUTES];
    const answered = scimPolicy({ requiredUserAttributes: all, synchronizeDisabledUsers: true });
    expect(answered).toEqual({
      requiredUserAttributes: REQUIRED_USER_ATTRIBUTE_NAMES,
      synchronizeDisabledUsers: true,
    });
    expect(profileAttributesOf(answered.requiredUserAttributes)).toEqual({ attributes: all });
  });

  it("agrees with the v1 -> v2 upcaster of Subscription's events on every name", () => {
    const v1 = {
      requiredUserAttributes: [...REQUIRED_USER_ATTRIBUTE_NAMES],
      synchronizeDisabledUsers: false,
    };
    const upcast = provisioningPolicyChangedV1ToV2.upcast(v1)
      .requiredUserAttributes as RequiredProfileAttribute[];
    expect(upcast).toEqual([...REQUIRED_PROFILE_ATTRIBUTES]);
  });

  it('names what an incomplete user lacks in SCIM terms, for the SCIM error and the provisioning log', () =>
    expect(incompleteUserDetail(['email', 'givenName', 'department', 'phoneNumber'])).toBe(
      'user not synchronized: incomplete data, missing a work or primary email (emails), name.givenName, ' +
        `${ENTERPRISE}:department, phoneNumbers`,
    ));
});
