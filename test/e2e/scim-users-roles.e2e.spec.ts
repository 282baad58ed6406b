import { RunningApp, startApp } from '../support/e2e-app';
import {
  ScimUser,
  Tenant,
  createTenant,
  expectScimError,
  filterQuery,
  getUser,
  listUsers,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

const AZURE_ROLE = 'WindowsAzureActiveDirectoryRole';
/** AppRoleAssignmentsComplex's PATCH value: the app role as JSON text inside `value`. */
const COMPLEX_ROLE = '{"id":"06b07648-ecfe-589f-9d2f-6325724a46ee","value":"25","displayName":"Role1234"}';

/**
 * Entra sends a user's app role assignments as `roles` once an app role mapping is configured
 * (SingleAppRoleAssignment: `roles[primary eq "True"].value`; AppRoleAssignmentsComplex: the whole
 * list). A user carrying roles used to be refused (400, unknown attribute), so never provisioned.
 * The other multi-valued attributes of RFC 7643's User (ims, photos, entitlements,
 * x509Certificates) are stored the same way.
 */
describe('SCIM Users: roles and the other multi-valued attributes of RFC 7643', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('roles'));
  });
  afterAll(async () => {
    await running?.close();
  });

  const patch = async (id: string, ...operations: Record<string, unknown>[]) => {
    const answered = await patchUser(tenant, id, ...operations);
    expect(await getUser(tenant, id)).toEqual(answered);
    return answered;
  };

  it('creates a user with the roles of AppRoleAssignmentsComplex and finds it by role', async () => {
    const user = await provision(tenant, {
      roles: [
        { primary: false, type: AZURE_ROLE, display: 'Admin', value: 'Admin' },
        { primary: false, type: AZURE_ROLE, display: 'Reader', value: 'Reader' },
      ],
    });
    const expected = [
      { value: 'Admin', display: 'Admin', type: AZURE_ROLE },
      { value: 'Reader', display: 'Reader', type: AZURE_ROLE },
    ];
    expect(user.roles).toEqual(expected);
    expect((await getUser(tenant, user.id)).roles).toEqual(expected);

    const byValue = await listUsers(tenant, filterQuery('roles.value eq "admin"'));
    expect(byValue.Resources.map((found) => found.id)).toEqual([user.id]);
    const byValuePath = await listUsers(
      tenant,
      filterQuery(`roles[type eq "${AZURE_ROLE}" and value eq "Reader"]`),
    );
    expect(byValuePath.Resources.map((found) => found.id)).toEqual([user.id]);
  });

  it('SingleAppRoleAssignment: roles[primary eq "True"].value is created, then replaced', async () => {
    const user = await provision(tenant);
    expect(user.roles).toBeUndefined();
    const added = await patch(user.id, {
      op: 'Add',
      path: 'roles[primary eq "True"].value',
      value: 'Admin',
    });
    expect(added.roles).toEqual([{ value: 'Admin', primary: true }]);
    const replaced = await patch(user.id, {
      op: 'Replace',
      path: 'roles[primary eq "True"].value',
      value: 'Reader',
    });
    expect(replaced.roles).toEqual([{ value: 'Reader', primary: true }]);
  });

  it('AppRoleAssignmentsComplex: Add and Remove on roles with the role as JSON text', async () => {
    const user = await provision(tenant, { roles: [{ type: AZURE_ROLE, value: 'Admin' }] });
    const added = await patch(user.id, { op: 'Add', path: 'roles', value: [{ value: COMPLEX_ROLE }] });
    expect(added.roles).toEqual([{ value: 'Admin', type: AZURE_ROLE }, { value: COMPLEX_ROLE }]);
    const removed = await patch(user.id, {
      op: 'Remove',
      path: 'roles',
      value: [{ value: COMPLEX_ROLE }],
    });
    expect(removed.roles).toEqual([{ value: 'Admin', type: AZURE_ROLE }]);
    const cleared = await patch(user.id, { op: 'Remove', path: 'roles[value eq "Admin"]' });
    expect(cleared.roles).toBeUndefined();
  });

  it('stores ims, photos, entitlements and x509Certificates, in a POST and a path-less PATCH', async () => {
    const user = await provision(tenant, {
      ims: [{ value: 'ann@chat.example', type: 'xmpp', primary: true }],
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
    });
    const patched: ScimUser = await patch(user.id, {
      op: 'Add',
      value: {
        photos: [{ value: 'https://photos.example/ann.jpg', type: 'photo' }],
        entitlements: [{ value: 'billing', display: 'Billing' }],
      },
    });
    expect(patched).toMatchObject({
      ims: [{ value: 'ann@chat.example', type: 'xmpp', primary: true }],
      photos: [{ value: 'https://photos.example/ann.jpg', type: 'photo' }],
      entitlements: [{ value: 'billing', display: 'Billing' }],
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx' }],
    });
    // RFC 7643 order: emails, ims, photos, then entitlements, roles, x509Certificates.
    const keys = Object.keys(patched);
    expect(keys.indexOf('emails')).toBeLessThan(keys.indexOf('ims'));
    expect(keys.indexOf('photos')).toBeLessThan(keys.indexOf('entitlements'));
    expect(keys.indexOf('entitlements')).toBeLessThan(keys.indexOf('x509Certificates'));

    const found = await listUsers(tenant, filterQuery('entitlements.value eq "BILLING"'));
    expect(found.Resources.map((match) => match.id)).toEqual([user.id]);
  });

  it('a role without a value is refused like any malformed element, and nothing is stored', async () => {
    const user = await provision(tenant, { roles: [{ type: AZURE_ROLE, value: 'Admin' }] });
    const response = await tenant.scim.patch(`/scim/v2/Users/${user.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Add', path: 'roles', value: 'Admin' }],
    });
    expectScimError(response, 400, 'invalidValue');
    expect((await getUser(tenant, user.id)).roles).toEqual([{ value: 'Admin', type: AZURE_ROLE }]);
  });
});
