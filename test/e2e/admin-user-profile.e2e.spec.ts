import { expect } from '@jest/globals';
import { auditApi } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ENTERPRISE_SCHEMA,
  ScimUser,
  Tenant,
  createTenant,
  getUser,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * seed: "If you edit a user's information in the Customer Portal, the change is not reflected in
 * Entra ID". The portal's edit is a change of the user by `admin`; SCIM shows it; Entra's next
 * change of the same attribute overwrites it.
 */
describe("admin API: editing a user's profile in the portal", () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('edit'));
  });
  afterAll(async () => {
    await running?.close();
  });

  const url = (id: string) => `/admin/v1/subscriptions/${tenant.name}/users/${id}/profile`;
  const edit = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    running.admin.patch(url(id), body, { 'content-type': 'application/merge-patch+json', ...headers });

  it('sets, merges and removes attributes; SCIM answers the edited user; the history says admin', async () => {
    const user = await provision(tenant, { title: 'Engineer', nickName: 'Bee' });
    const response = await edit(user.id, {
      title: 'Head of Sales',
      nickName: null,
      phoneNumbers: [{ value: '+33 1 23 45 67 89', type: 'work' }],
      enterprise: { costCenter: 'CC-7' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: user.id,
      active: true,
      version: 1,
      profile: { title: 'Head of Sales', phoneNumbers: [{ value: '+33 1 23 45 67 89', type: 'work' }] },
      roles: { subscriptionOwner: false, companyOwner: false },
    });
    const scim = await getUser(tenant, user.id);
    expect(scim).toMatchObject({
      title: 'Head of Sales',
      phoneNumbers: [{ value: '+33 1 23 45 67 89', type: 'work' }],
    });
    expect(scim).not.toHaveProperty('nickName');
    // Merged into the enterprise extension: what Entra sent stays.
    expect(scim[ENTERPRISE_SCHEMA]).toMatchObject({ costCenter: 'CC-7' });
    expect(scim.meta.version).toBe('W/"1"');

    const history = await auditApi(running.admin, tenant.name).fullHistory('users', user.id);
    expect(history.at(-1)).toMatchObject({ type: 'UserProfileChanged', actor: 'admin' });

    // The portal names the person acting: recorded as admin:<person>; a malformed name is refused.
    expect((await edit(user.id, { title: 'Lead' }, { 'x-admin-actor': 'jane.doe@contoso.com' })).status).toBe(
      200,
    );
    const named = await auditApi(running.admin, tenant.name).fullHistory('users', user.id);
    expect(named.at(-1)).toMatchObject({ type: 'UserProfileChanged', actor: 'admin:jane.doe@contoso.com' });
    expect((await edit(user.id, { title: 'X' }, { 'x-admin-actor': 'jane doe' })).status).toBe(400);
    expect((await getUser(tenant, user.id)).title).toBe('Lead');
  });

  it("is not sent back: Entra's next change of the attribute overwrites the edit, other edits stay", async () => {
    const user = await provision(tenant);
    await edit(user.id, { title: 'Portal title', nickName: 'Portal nick' });
    const synced: ScimUser = await patchUser(tenant, user.id, {
      op: 'Replace',
      path: 'title',
      value: 'Entra title',
    });
    expect(synced).toMatchObject({ title: 'Entra title', nickName: 'Portal nick' });
  });

  it('refuses a bad edit with a JSON error naming the key, and changes nothing', async () => {
    const user = await provision(tenant);
    for (const [body, named] of [
      [{ favouriteColour: 'blue' }, 'favouriteColour'],
      [{ title: 42 }, 'title'],
      [{ emails: [{ type: 'work' }] }, 'emails[0].value'],
      [{ active: false }, 'active'],
      [['title'], 'JSON object'],
    ] as const) {
      const response = await edit(user.id, body);
      expect({ status: response.status, body: response.body }).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: expect.stringContaining(named) },
      });
    }
    expect(await getUser(tenant, user.id)).toEqual(user);
  });

  it("applies the subscription's policy: an edit that makes the user incomplete is refused", async () => {
    const user = await provision(tenant);
    const response = await edit(user.id, { emails: null });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ message: expect.stringContaining('incomplete') });
    expect(await getUser(tenant, user.id)).toEqual(user);
  });

  it('renames within the userName reservations: a taken name is 409, a free one frees the old', async () => {
    const taken = await provision(tenant);
    const user = await provision(tenant);
    expect((await edit(user.id, { userName: taken.userName.toUpperCase() })).status).toBe(409);
    const renamed = `${user.userName}.renamed`;
    expect((await edit(user.id, { userName: renamed })).status).toBe(200);
    expect((await getUser(tenant, user.id)).userName).toBe(renamed);
    // The old name is free again for Entra.
    expect(
      (await tenant.scim.post('/scim/v2/Users', { ...user, id: undefined, userName: user.userName })).status,
    ).toBe(201);
  });

  it('honours If-Match with the version it was made on (412 when the user changed since)', async () => {
    const user = await provision(tenant);
    expect((await edit(user.id, { title: 'A' }, { 'if-match': '0' })).status).toBe(200);
    const stale = await edit(user.id, { title: 'B' }, { 'if-match': 'W/"0"' });
    expect(stale.status).toBe(412);
    expect((await getUser(tenant, user.id)).title).toBe('A');
    expect((await edit(user.id, { title: 'B' }, { 'if-match': '"1"' })).status).toBe(200);
    expect((await edit(user.id, { title: 'C' }, { 'if-match': 'soon' })).status).toBe(400);
  });

  it('concurrent edits without If-Match, racing SCIM PATCHes: all 200, none lost', async () => {
    // They used to answer 412 (a version nobody asked for) once three retries were overtaken.
    const user = await provision(tenant);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2 === 0
          ? edit(user.id, { nickName: `edit-${i}` })
          : tenant.scim.patch(`/scim/v2/Users/${user.id}`, {
              schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
              Operations: [{ op: 'Replace', path: 'title', value: `patch-${i}` }],
            }),
      ),
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.text}`)).toEqual([]);
    expect((await getUser(tenant, user.id)).meta.version).toBe('W/"24"');
  });

  it('edits a disabled user without enabling it; 404 for an unknown user or subscription', async () => {
    const user = await provision(tenant);
    await patchUser(tenant, user.id, { op: 'Replace', path: 'active', value: false });
    const response = await edit(user.id, { title: 'Retired' });
    expect(response.body).toMatchObject({ active: false, profile: { title: 'Retired' } });
    expect((await edit('00000000-0000-4000-8000-000000000000', { title: 'x' })).status).toBe(404);
    expect(
      (await running.admin.patch(`/admin/v1/subscriptions/nope/users/${user.id}/profile`, { title: 'x' }))
        .status,
    ).toBe(404);
  });
});
