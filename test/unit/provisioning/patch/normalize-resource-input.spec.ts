import { normalizeGroupInput, normalizeUserInput } from '../../../../src/modules/provisioning/domain/patch';
import { CORE_GROUP, CORE_USER, ENTERPRISE, MANAGER_ID, expectScimError } from './patch-fixtures';

describe('normalizeUserInput / normalizeGroupInput (POST and PUT bodies)', () => {
  it("normalises Entra's typical create body (roles: [] and meta ignored)", () => {
    const body: unknown =
      JSON.parse(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
 "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@testuser.com","active":true,
 "displayName":"Test User","title":"Engineer",
 "emails":[{"primary":true,"type":"work","value":"Test_User_ab6490ee@testuser.com"}],
 "meta":{"resourceType":"User"},
 "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","department":"Tour Operations"},
 "roles":[]}`);
    expect(normalizeUserInput(body)).toEqual({
      schemas: [CORE_USER, ENTERPRISE],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_ab6490ee@testuser.com',
      active: true,
      displayName: 'Test User',
      title: 'Engineer',
      emails: [{ primary: true, type: 'work', value: 'Test_User_ab6490ee@testuser.com' }],
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      [ENTERPRISE]: { employeeNumber: '701984', department: 'Tour Operations' },
    });
  });

  it('tolerates nulls and unknown schema URNs (older tenants) and drops them', () => {
    const result = normalizeUserInput({
      schemas: [CORE_USER, 'urn:example:custom:1.0:User'],
      userName: 'a@b.c',
      displayName: null,
      name: { givenName: 'A', familyName: null },
      'urn:example:custom:1.0:User': { badge: 'B1' },
      'urn:example:custom:1.0:User:badge': 'B1',
    });
    expect(result).toEqual({ schemas: [CORE_USER], userName: 'a@b.c', name: { givenName: 'A' } });
  });

  it('canonicalises attribute names and coerces boolean strings', () => {
    const result = normalizeUserInput({
      UserName: 'a@b.c',
      Active: 'False',
      Emails: [{ Value: 'a@b.c', Type: 'work', Primary: 'true' }],
    });
    expect(result).toEqual({
      schemas: [CORE_USER],
      userName: 'a@b.c',
      active: false,
      emails: [{ value: 'a@b.c', type: 'work', primary: true }],
    });
  });

  it('puts enterprise attributes given with short or URN-prefixed names under the URN key', () => {
    const result = normalizeUserInput({
      userName: 'a@b.c',
      department: 'Ops',
      [`${ENTERPRISE}:employeeNumber`]: '7',
    });
    expect(result[ENTERPRISE]).toEqual({ department: 'Ops', employeeNumber: '7' });
    expect(result.schemas).toEqual([CORE_USER, ENTERPRISE]);
  });

  it.each([
    ['a bare id', MANAGER_ID],
    ['{"value": id}', { value: MANAGER_ID }],
    ['{"value": id, "$ref": ...}', { value: MANAGER_ID, $ref: `https://x/Users/${MANAGER_ID}` }],
    ['[{"$ref": ..., "value": id}]', [{ $ref: `https://x/Users/${MANAGER_ID}`, value: MANAGER_ID }]],
  ])('normalises a manager given as %s to {value}', (_, manager) => {
    const result = normalizeUserInput({ userName: 'a@b.c', [ENTERPRISE]: { manager } });
    expect(result[ENTERPRISE]).toEqual({ manager: { value: MANAGER_ID } });
  });

  it('drops an empty manager ({"value": ""}) and then the empty extension', () => {
    const result = normalizeUserInput({ userName: 'a@b.c', [ENTERPRISE]: { manager: { value: '' } } });
    expect(result).toEqual({ schemas: [CORE_USER], userName: 'a@b.c' });
  });

  it('drops read-only attributes: id, meta, groups', () => {
    const result = normalizeUserInput({
      id: 'x',
      userName: 'a@b.c',
      meta: { created: 'x' },
      groups: [{ value: 'g' }],
    });
    expect(result).toEqual({ schemas: [CORE_USER], userName: 'a@b.c' });
  });

  it('accepts and drops password (writeOnly, never stored), in any of its forms', () => {
    for (const body of [
      { userName: 'a@b.c', password: 't1meMa$heen' },
      { userName: 'a@b.c', PassWord: 't1meMa$heen' },
      { userName: 'a@b.c', [`${CORE_USER}:password`]: 't1meMa$heen' },
      { userName: 'a@b.c', [CORE_USER]: { password: 't1meMa$heen' } },
    ])
      expect(normalizeUserInput(body)).toEqual({ schemas: [CORE_USER], userName: 'a@b.c' });
  });

  it('refuses password on a Group (it is no Group attribute)', () => {
    expectScimError(
      () => normalizeGroupInput({ displayName: 'G', password: 'x' }),
      'invalidValue',
      'password',
    );
  });

  it('accepts dotted keys', () => {
    expect(normalizeUserInput({ userName: 'a@b.c', 'name.givenName': 'A' }).name).toEqual({ givenName: 'A' });
  });

  it('refuses a non-empty unknown attribute, naming it (invalidValue)', () => {
    expectScimError(
      () => normalizeUserInput({ userName: 'a@b.c', favouriteColours: [{ value: 'blue' }] }),
      'invalidValue',
      'favouriteColours',
    );
  });

  it('refuses type errors and a missing userName (invalidValue)', () => {
    expectScimError(() => normalizeUserInput({ userName: 42 }), 'invalidValue');
    expectScimError(() => normalizeUserInput({ userName: 'a@b.c', active: 'yes' }), 'invalidValue');
    expectScimError(() => normalizeUserInput({ displayName: 'No Name' }), 'invalidValue', 'userName');
  });

  it('refuses a body that is not an object (invalidSyntax)', () => {
    expectScimError(() => normalizeUserInput('x'), 'invalidSyntax');
  });

  it("normalises Entra's Group create body", () => {
    const body: unknown = JSON.parse(
      `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Sales","meta":{"resourceType":"Group"}}`,
    );
    expect(normalizeGroupInput(body)).toEqual({
      schemas: [CORE_GROUP],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Sales',
    });
  });

  it('reduces Group members to their value (and type) and removes duplicates', () => {
    const result = normalizeGroupInput({
      displayName: 'Sales',
      members: [{ value: 'u1', $ref: null, display: 'A' }, { value: 'u2', type: 'User' }, { value: 'u1' }],
    });
    expect(result.members).toEqual([{ value: 'u1' }, { value: 'u2', type: 'User' }]);
  });
});
