import { applyPatch } from '../../../../src/modules/provisioning/domain/patch';
import { JsonObject } from '../../../../src/platform/event-store/event-store.port';
import { ENTERPRISE, PATCH_OP, expectScimError, patchBody, plainUser, user } from './patch-fixtures';

/** Every PATCH form of the Entra reference (shared/reference/entra-id-scim.md), bodies verbatim. */
describe('applyPatch (User): the Entra ID forms', () => {
  const patchUser = (resource: JsonObject, body: string) =>
    applyPatch('User', resource, JSON.parse(body)).resource;

  it('applies the 4-operation Replace (userName, work email value, name.familyName, active "False")', () => {
    const result = patchUser(
      user(),
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
        {"op":"Replace","path":"userName","value":"new@contoso.com"},
        {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"updated@contoso.com"},
        {"op":"Replace","path":"name.familyName","value":"NewFamily"},
        {"op":"Replace","path":"active","value":"False"}]}`,
    );
    expect(result.userName).toBe('new@contoso.com');
    expect(result.emails).toEqual([{ value: 'updated@contoso.com', type: 'work', primary: true }]);
    expect(result.name).toEqual({ givenName: 'Alice', familyName: 'NewFamily' });
    expect(result.active).toBe(false);
  });

  it.each(['True', 'true', 'TRUE', 'tRuE'])('coerces the boolean string "%s" to true', (text) => {
    const result = applyPatch(
      'User',
      user({ active: false }),
      patchBody({ op: 'Replace', path: 'active', value: text }),
    );
    expect(result.resource.active).toBe(true);
  });

  it.each(['False', 'false', 'FALSE'])('coerces the boolean string "%s" to false', (text) => {
    const result = applyPatch('User', user(), patchBody({ op: 'replace', path: 'active', value: text }));
    expect(result.resource.active).toBe(false);
  });

  it('accepts capitalised and lower-case op names alike', () => {
    const body = patchBody(
      { op: 'Add', path: 'title', value: 'Engineer' },
      { op: 'REPLACE', path: 'displayName', value: 'A. Smith' },
      { op: 'Remove', path: 'externalId' },
    );
    const result = applyPatch('User', user(), body).resource;
    expect(result).toMatchObject({ title: 'Engineer', displayName: 'A. Smith' });
    expect(result).not.toHaveProperty('externalId');
  });

  it('accepts case-insensitive attribute names and writes the canonical ones', () => {
    const body = patchBody(
      { op: 'replace', path: 'UserName', value: 'x@contoso.com' },
      { op: 'replace', path: 'NAME.GIVENNAME', value: 'Al' },
      { op: 'replace', path: 'emails[Type eq "work"].Value', value: 'x@contoso.com' },
      { op: 'replace', path: 'Manager.Value', value: 'm2' },
    );
    const result = applyPatch('User', user(), body).resource;
    expect(result.userName).toBe('x@contoso.com');
    expect(result.name).toEqual({ givenName: 'Al', familyName: 'Smith' });
    expect(result.emails).toEqual([{ value: 'x@contoso.com', type: 'work', primary: true }]);
    expect(result[ENTERPRISE]).toMatchObject({ manager: { value: 'm2' } });
    expect(Object.keys(result)).not.toContain('UserName');
  });

  it('applies the path-less replace with dotted and URN-prefixed keys', () => {
    const result = patchUser(
      user(),
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
        {"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq","active":false}}]}`,
    );
    expect(result.displayName).toBe('Bjfe');
    expect(result.name).toEqual({ givenName: 'Kkom', familyName: 'Unua' });
    expect(result[ENTERPRISE]).toMatchObject({ employeeNumber: 'Aklq', department: 'Sales' });
    expect(result.active).toBe(false);
  });

  it('accepts a path-less value keyed by the enterprise URN holding an object', () => {
    const body = patchBody({ op: 'add', value: { [ENTERPRISE]: { costCenter: 'CC-1', Division: 'North' } } });
    const result = applyPatch('User', plainUser(), body).resource;
    expect(result[ENTERPRISE]).toEqual({ costCenter: 'CC-1', division: 'North' });
    expect(result.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE]);
  });

  it('creates the work email on Add of emails[type eq "work"].value when none exists', () => {
    const body = patchBody({ op: 'Add', path: 'emails[type eq "work"].value', value: 'bob@contoso.com' });
    expect(applyPatch('User', plainUser(), body).resource.emails).toEqual([
      { type: 'work', value: 'bob@contoso.com' },
    ]);
  });

  it('creates the work email on Replace of emails[type eq "work"].value when none exists', () => {
    const resource = plainUser();
    resource.emails = [{ type: 'home', value: 'bob@home.example' }];
    const body = patchBody({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'bob@contoso.com' });
    expect(applyPatch('User', resource, body).resource.emails).toEqual([
      { type: 'home', value: 'bob@home.example' },
      { type: 'work', value: 'bob@contoso.com' },
    ]);
  });

  it('creates the mobile phone number from phoneNumbers[type eq "mobile"].value', () => {
    const body = patchBody({ op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' });
    expect(applyPatch('User', plainUser(), body).resource.phoneNumbers).toEqual([
      { type: 'mobile', value: '+1 555 0100' },
    ]);
  });

  it('refuses a typed filter that matches nothing and sets no value to create one with (noTarget)', () => {
    for (const path of [
      'phoneNumbers[type eq "mobile"].display',
      'emails[type eq "home"].primary',
      'addresses[type eq "work"].type',
      'roles[primary eq "True"].display',
    ])
      expectScimError(
        () => applyPatch('User', plainUser(), patchBody({ op: 'Add', path, value: 'True' })),
        'noTarget',
      );
  });

  it('creates the entry when a later operation of the request gives it its value', () => {
    const body = patchBody(
      { op: 'Add', path: 'emails[type eq "home"].primary', value: 'True' },
      { op: 'Add', path: 'emails[type eq "home"].value', value: 'bob@home.test' },
    );
    expect(applyPatch('User', plainUser(), body).resource.emails).toContainEqual({
      type: 'home',
      primary: true,
      value: 'bob@home.test',
    });
  });

  it('builds the work address from the Entra address mappings, one sub-attribute per operation', () => {
    const body = patchBody(
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main St' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Redmond' },
      { op: 'Add', path: 'addresses[type eq "work"].region', value: 'WA' },
      { op: 'Add', path: 'addresses[type eq "work"].postalCode', value: '98052' },
      { op: 'Add', path: 'addresses[type eq "work"].country', value: 'US' },
    );
    expect(applyPatch('User', plainUser(), body).resource.addresses).toEqual([
      {
        type: 'work',
        streetAddress: '1 Main St',
        locality: 'Redmond',
        region: 'WA',
        postalCode: '98052',
        country: 'US',
      },
    ]);
  });

  it('sets preferredLanguage and title (default mapping targets)', () => {
    const body = patchBody(
      { op: 'Add', path: 'preferredLanguage', value: 'en-US' },
      { op: 'Add', path: 'title', value: 'Engineer' },
    );
    expect(applyPatch('User', plainUser(), body).resource).toMatchObject({
      preferredLanguage: 'en-US',
      title: 'Engineer',
    });
  });

  it('accepts an empty Operations array and changes nothing', () => {
    const result = patchUser(
      user(),
      `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}`,
    );
    expect(result).toEqual(user());
    expect(applyPatch('User', user(), { schemas: [PATCH_OP], Operations: [] }).changed).toBe(false);
  });

  it('disables then restores a user by PATCHing active', () => {
    const disabled = applyPatch(
      'User',
      user(),
      patchBody({ op: 'Replace', path: 'active', value: false }),
    ).resource;
    expect(disabled.active).toBe(false);
    const restored = applyPatch(
      'User',
      disabled,
      patchBody({ op: 'Replace', path: 'active', value: 'True' }),
    ).resource;
    expect(restored.active).toBe(true);
  });

  it('clears an attribute on Replace with an empty string or null', () => {
    const body = patchBody(
      { op: 'Replace', path: 'displayName', value: '' },
      { op: 'Replace', path: 'name.givenName', value: null },
      { op: 'Replace', path: `${ENTERPRISE}:department`, value: '' },
    );
    const result = applyPatch('User', user(), body).resource;
    expect(result).not.toHaveProperty('displayName');
    expect(result.name).toEqual({ familyName: 'Smith' });
    expect(result[ENTERPRISE]).not.toHaveProperty('department');
  });

  it('clears the work email on Replace of emails[type eq "work"].value with ""', () => {
    const body = patchBody({ op: 'Replace', path: 'emails[type eq "work"].value', value: '' });
    expect(applyPatch('User', user(), body).resource).not.toHaveProperty('emails');
  });

  it('ignores unknown query-style schema noise: schemas and meta in a path-less replace', () => {
    const body = patchBody({
      op: 'Replace',
      value: { schemas: ['x'], meta: { resourceType: 'User' }, displayName: 'New' },
    });
    expect(applyPatch('User', user(), body).resource.displayName).toBe('New');
  });

  it('ignores an attribute of a custom extension, with a path or path-less, as a create does', () => {
    const custom = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
    const result = applyPatch(
      'User',
      user(),
      patchBody(
        { op: 'Add', path: `${custom}:tag`, value: 'a' },
        { op: 'Replace', value: { [`${custom}:tag`]: 'b', displayName: 'New' } },
        { op: 'Remove', path: `${custom}:tag` },
      ),
    );
    expect(result.resource.displayName).toBe('New');
    expect(JSON.stringify(result.resource)).not.toContain('CustomExtensionName');
  });
});
