import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ENTERPRISE_SCHEMA,
  PATCH_OP_SCHEMA,
  RELAXED_POLICY,
  ScimUser,
  Tenant,
  USER_SCHEMA,
  createTenant,
  enterprise,
  getUser,
  patchUser,
  provision,
  setPolicy,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/** Every PATCH form of the reference (entra-id-scim.md, "PATCH forms to accept"), verbatim where given. */
describe('SCIM PATCH /Users/{id}: the forms Entra sends', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('patch'));
  });
  afterAll(async () => {
    await running?.close();
  });

  /** PATCH, check the answer equals a GET right after, and return it. */
  const patch = async (id: string, ...operations: Record<string, unknown>[]) => {
    const answered = await patchUser(tenant, id, ...operations);
    expect(await getUser(tenant, id)).toEqual(answered);
    return answered;
  };

  it('applies the four-operation Replace of the reference', async () => {
    const user = await provision(tenant);
    const newName = `${unique('new')}@contoso.test`;
    const updatedMail = `${unique('updated')}@contoso.test`;
    const response = await tenant.scim.patch(`/scim/v2/Users/${user.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'userName', value: newName },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: updatedMail },
        { op: 'Replace', path: 'name.familyName', value: 'NewFamily' },
        { op: 'Replace', path: 'active', value: 'False' },
      ],
    });
    expect(response.status).toBe(200);
    const patched = response.body as ScimUser;
    expect(patched).toEqual({
      ...user,
      userName: newName,
      emails: [{ primary: true, type: 'work', value: updatedMail }],
      name: { ...(user.name as object), familyName: 'NewFamily' },
      active: false,
      meta: { ...user.meta, lastModified: expect.any(String), version: expect.any(String) },
    });
    expect(patched.meta.version).not.toBe(user.meta.version);
    expect(await getUser(tenant, user.id)).toEqual(patched);
  });

  it('applies a path-less replace with dotted and URN-prefixed keys and active false', async () => {
    const user = await provision(tenant);
    const patched = await patch(user.id, {
      op: 'replace',
      value: {
        displayName: 'Bjfe',
        'name.givenName': 'Kkom',
        'name.familyName': 'Unua',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber': 'Aklq',
        active: false,
      },
    });
    expect(patched).toMatchObject({
      displayName: 'Bjfe',
      name: { givenName: 'Kkom', familyName: 'Unua', formatted: 'givenName familyName' },
      active: false,
      [ENTERPRISE_SCHEMA]: { employeeNumber: 'Aklq', department: 'Tour Operations' },
    });
  });

  it('applies a path-less add with a nested enterprise object and complex values', async () => {
    const user = await provision(tenant);
    const patched = await patch(user.id, {
      op: 'Add',
      value: {
        nickName: 'Nicky',
        name: { middleName: 'M' },
        [ENTERPRISE_SCHEMA]: { costCenter: 'CC-1' },
      },
    });
    expect(patched).toMatchObject({
      nickName: 'Nicky',
      name: { givenName: 'givenName', familyName: 'familyName', middleName: 'M' },
      [ENTERPRISE_SCHEMA]: { employeeNumber: '701984', department: 'Tour Operations', costCenter: 'CC-1' },
    });
  });

  it('reads booleans sent as strings, in any case', async () => {
    const user = await provision(tenant);
    for (const [value, expected] of [
      ['False', false],
      ['True', true],
      ['false', false],
      ['TRUE', true],
      [false, false],
      [true, true],
    ] as const) {
      const patched = await patchUser(tenant, user.id, { op: 'Replace', path: 'active', value });
      expect({ value, active: patched.active }).toEqual({ value, active: expected });
    }
    const primary = await patch(
      user.id,
      { op: 'Add', path: 'emails', value: [{ type: 'home', value: 'home@example.test', primary: 'False' }] },
      { op: 'replace', path: 'emails[type eq "work"].primary', value: 'True' },
    );
    expect(primary.emails).toEqual([
      { primary: true, type: 'work', value: user.userName },
      { type: 'home', value: 'home@example.test' },
    ]);
  });

  it('compares operation names and attribute names case-insensitively', async () => {
    const user = await provision(tenant);
    const patched = await patch(
      user.id,
      { op: 'Add', path: 'nickName', value: 'One' },
      { op: 'add', path: 'Title', value: 'Two' },
      { op: 'REPLACE', path: 'Name.FamilyName', value: 'Three' },
      { op: 'Replace', path: 'DisplayName', value: 'Four' },
      { op: 'replace', path: 'emails[Type eq "work"].Value', value: 'five@example.test' },
      { op: 'Add', path: 'emails[type eq "work"].Primary', value: 'True' },
      { op: 'Remove', path: 'nickName' },
      { op: 'remove', path: 'Title' },
      { op: 'Replace', path: 'UserName', value: user.userName.toUpperCase() },
    );
    expect(patched).not.toHaveProperty('nickName');
    expect(patched).not.toHaveProperty('title');
    expect(patched).toMatchObject({
      userName: user.userName.toUpperCase(),
      displayName: 'Four',
      name: { familyName: 'Three' },
      emails: [{ primary: true, type: 'work', value: 'five@example.test' }],
    });
  });

  it('an empty value ("" or null) on replace clears the attribute', async () => {
    const user = await provision(tenant, { nickName: 'Nick', preferredLanguage: 'en-US' });
    const patched = await patch(
      user.id,
      { op: 'Replace', path: 'title', value: '' },
      { op: 'Replace', path: 'nickName', value: null },
      { op: 'replace', value: { displayName: '', preferredLanguage: null } },
      { op: 'Replace', path: `${ENTERPRISE_SCHEMA}:department`, value: '' },
    );
    for (const attribute of ['title', 'nickName', 'displayName', 'preferredLanguage'])
      expect(patched).not.toHaveProperty(attribute);
    expect(enterprise(patched)).toEqual({ employeeNumber: '701984' });
  });

  it('creates phoneNumbers[type eq "mobile"].value and addresses[type eq "work"].locality when absent', async () => {
    const user = await provision(tenant);
    expect(user).not.toHaveProperty('phoneNumbers');
    expect(user).not.toHaveProperty('addresses');
    const patched = await patch(
      user.id,
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0101' },
      { op: 'Replace', path: 'phoneNumbers[type eq "work"].value', value: '+1 555 0102' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      { op: 'Replace', path: 'addresses[type eq "work"].streetAddress', value: '1 Microsoft Way' },
    );
    expect(patched.phoneNumbers).toEqual([
      { type: 'mobile', value: '+1 555 0101' },
      { type: 'work', value: '+1 555 0102' },
    ]);
    expect(patched.addresses).toEqual([
      { type: 'work', locality: 'Redmond', postalCode: '98052', streetAddress: '1 Microsoft Way' },
    ]);
    const changed = await patch(user.id, {
      op: 'Replace',
      path: 'phoneNumbers[type eq "mobile"].value',
      value: '+1 555 0199',
    });
    expect(changed.phoneNumbers).toEqual([
      { type: 'mobile', value: '+1 555 0199' },
      { type: 'work', value: '+1 555 0102' },
    ]);
  });

  it('answers an empty Operations array with 200 and the unchanged user (same version)', async () => {
    const user = await provision(tenant);
    const response = await tenant.scim.patch(`/scim/v2/Users/${user.id}`, {
      schemas: [PATCH_OP_SCHEMA],
      Operations: [],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(user);
    expect(response.headers.etag).toBe(user.meta.version);
    expect(await getUser(tenant, user.id)).toEqual(user);
  });

  it('a PATCH that sets what is already there changes nothing (same version)', async () => {
    const user = await provision(tenant);
    const same = await patchUser(
      tenant,
      user.id,
      { op: 'Replace', path: 'displayName', value: user.displayName },
      { op: 'Replace', path: 'active', value: 'True' },
    );
    expect(same).toEqual(user);
  });

  describe('with a relaxed policy (users may exist without a work email)', () => {
    let relaxed: Tenant;
    beforeAll(async () => {
      relaxed = await createTenant(running, uniqueSubscriptionName('patch-relaxed'));
      await setPolicy(running, relaxed.name, RELAXED_POLICY);
    });

    it('Add or Replace on emails[type eq "work"].value creates the work email when there is none', async () => {
      for (const op of ['Add', 'Replace', 'add', 'replace']) {
        const created = await relaxed.scim.post('/scim/v2/Users', {
          schemas: [USER_SCHEMA],
          userName: unique('nomail'),
          emails: [{ type: 'home', value: 'home@example.test' }],
        });
        expect(created.status).toBe(201);
        const user = created.body as ScimUser;
        const patched = await patchUser(relaxed, user.id, {
          op,
          path: 'emails[type eq "work"].value',
          value: `${op}@contoso.test`,
        });
        expect({ op, emails: patched.emails }).toEqual({
          op,
          emails: [
            { type: 'home', value: 'home@example.test' },
            { type: 'work', value: `${op}@contoso.test` },
          ],
        });
        expect(await getUser(relaxed, user.id)).toEqual(patched);
      }
    });

    it('creates the work email on a user with no emails at all', async () => {
      const created = await relaxed.scim.post('/scim/v2/Users', {
        schemas: [USER_SCHEMA],
        userName: unique('bare'),
      });
      const user = created.body as ScimUser;
      const patched = await patchUser(relaxed, user.id, {
        op: 'Add',
        path: 'emails[type eq "work"].value',
        value: 'first@contoso.test',
      });
      expect(patched.emails).toEqual([{ type: 'work', value: 'first@contoso.test' }]);
    });
  });
});
