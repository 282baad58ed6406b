import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ENTERPRISE_SCHEMA,
  Json,
  RELAXED_POLICY,
  ScimUser,
  Tenant,
  USER_SCHEMA,
  createTenant,
  entraUser,
  expectScimError,
  filterQuery,
  getUser,
  listUsers,
  patchOp,
  patchUser,
  provision,
  setPolicy,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

describe('SCIM /Users: "not synchronized" users and userName uniqueness', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('sync'));
  });
  afterAll(async () => {
    await running?.close();
  });

  const total = async (t: Tenant) => (await listUsers(t, 'count=0')).totalResults;

  describe('default policy (seed: disabled or incomplete users are not synchronized)', () => {
    it('refuses a create with active false (400 invalidValue, "disabled") and stores nothing', async () => {
      const before = await total(tenant);
      for (const active of [false, 'False', 'false']) {
        const body = entraUser({ active });
        const response = await tenant.scim.post('/scim/v2/Users', body);
        expectScimError(response, 400, 'invalidValue', /disabled/);
        expect(
          (await listUsers(tenant, filterQuery(`userName eq "${body.userName as string}"`))).totalResults,
        ).toBe(0);
      }
      expect(await total(tenant)).toBe(before);
    });

    const incomplete: [string, (body: Json) => void, RegExp][] = [
      ['userName', (b) => delete b.userName, /userName/],
      ['userName (blank)', (b) => (b.userName = '   '), /userName/],
      ['emails', (b) => delete b.emails, /email/],
      [
        'a work or primary email',
        (b) => (b.emails = [{ type: 'home', value: 'h@example.test' }]),
        /missing a work or primary email \(emails\)$/,
      ],
      ['name.givenName', (b) => delete (b.name as Json).givenName, /missing name\.givenName$/],
      ['name.familyName', (b) => delete (b.name as Json).familyName, /missing name\.familyName$/],
      ['name', (b) => delete b.name, /givenName.*familyName|familyName.*givenName/],
    ];
    it.each(incomplete)(
      'refuses a create without %s (400 invalidValue naming it); nothing stored',
      async (_, strip, detail) => {
        const before = await total(tenant);
        const body = entraUser();
        strip(body);
        const response = await tenant.scim.post('/scim/v2/Users', body);
        expectScimError(response, 400, 'invalidValue', detail);
        expect(await total(tenant)).toBe(before);
        if (typeof body.userName === 'string' && body.userName.trim() !== '')
          expect((await listUsers(tenant, filterQuery(`userName eq "${body.userName}"`))).totalResults).toBe(
            0,
          );
      },
    );

    it('a refused create does not reserve the userName: the complete user can then be created', async () => {
      const body = entraUser();
      expectScimError(await tenant.scim.post('/scim/v2/Users', { ...body, name: {} }), 400, 'invalidValue');
      expectScimError(
        await tenant.scim.post('/scim/v2/Users', { ...body, active: false }),
        400,
        'invalidValue',
      );
      expect((await tenant.scim.post('/scim/v2/Users', body)).status).toBe(201);
    });

    it('accepts a primary email that is not of type work', async () => {
      const user = await provision(tenant, {
        emails: [{ type: 'home', primary: true, value: 'p@example.test' }],
      });
      expect(user.emails).toEqual([{ type: 'home', primary: true, value: 'p@example.test' }]);
    });

    it('refuses a PATCH removing the work email (400 invalidValue); the user is unchanged', async () => {
      const user = await provision(tenant);
      const url = `/scim/v2/Users/${user.id}`;
      const removals: Json[] = [
        { op: 'Remove', path: 'emails[type eq "work"]' },
        { op: 'remove', path: 'emails' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: '' },
        { op: 'replace', path: 'emails', value: [] },
      ];
      for (const operation of removals) {
        const response = await tenant.scim.patch(url, patchOp(operation));
        expectScimError(response, 400, 'invalidValue', /email/);
        expect(await getUser(tenant, user.id)).toEqual(user);
      }
      expectScimError(
        await tenant.scim.patch(url, patchOp({ op: 'remove', path: 'name.familyName' })),
        400,
        'invalidValue',
        /familyName/,
      );
      expect(await getUser(tenant, user.id)).toEqual(user);
    });

    it('refuses a PUT without name.givenName (400 invalidValue); the user is unchanged', async () => {
      const user = await provision(tenant);
      const body = entraUser({ userName: user.userName, name: { familyName: 'Only' } });
      const response = await tenant.scim.put(`/scim/v2/Users/${user.id}`, body);
      expectScimError(response, 400, 'invalidValue', /givenName/);
      expect(await getUser(tenant, user.id)).toEqual(user);
    });

    it('disables an existing user by PUT with active false (only the create of a disabled user is refused)', async () => {
      // Only a create of a disabled user is "not synchronized"; Entra disables existing users by PUT too.
      const user = await provision(tenant);
      const response = await tenant.scim.put(
        `/scim/v2/Users/${user.id}`,
        entraUser({ userName: user.userName, active: false }),
      );
      expect(response.status).toBe(200);
      expect((response.body as ScimUser).active).toBe(false);
    });
  });

  describe('relaxed provisioning policy', () => {
    let relaxed: Tenant;
    beforeAll(async () => {
      relaxed = await createTenant(running, uniqueSubscriptionName('relaxed'));
      await setPolicy(running, relaxed.name, RELAXED_POLICY);
    });

    it('accepts the minimal RFC body {schemas, userName}', async () => {
      const userName = unique('bob');
      const response = await relaxed.scim.post('/scim/v2/Users', { schemas: [USER_SCHEMA], userName });
      expect(response.status).toBe(201);
      const user = response.body as ScimUser;
      expect(user).toEqual({
        schemas: [USER_SCHEMA],
        id: expect.any(String),
        userName,
        active: true,
        meta: expect.objectContaining({ resourceType: 'User' }),
      });
      expect(await getUser(relaxed, user.id)).toEqual(user);
    });

    it('accepts a disabled user, visible to GET and filters', async () => {
      const response = await relaxed.scim.post('/scim/v2/Users', entraUser({ active: false }));
      expect(response.status).toBe(201);
      const user = response.body as ScimUser;
      expect(user.active).toBe(false);
      expect(
        (await listUsers(relaxed, filterQuery(`id eq "${user.id}" and active eq false`))).totalResults,
      ).toBe(1);
    });

    it('still requires userName', async () => {
      expectScimError(
        await relaxed.scim.post('/scim/v2/Users', { schemas: [USER_SCHEMA], displayName: 'Nameless' }),
        400,
        'invalidValue',
        /userName/,
      );
    });

    it('the policy is per subscription: the default tenant still refuses the minimal body', async () => {
      expectScimError(
        await tenant.scim.post('/scim/v2/Users', { schemas: [USER_SCHEMA], userName: unique('bob') }),
        400,
        'invalidValue',
      );
    });
  });

  describe('userName uniqueness (case-insensitive, per subscription)', () => {
    it('refuses a second create with the same userName in another case (409 uniqueness)', async () => {
      const user = await provision(tenant);
      const before = await total(tenant);
      for (const userName of [user.userName, user.userName.toUpperCase(), ` ${user.userName} `]) {
        const response = await tenant.scim.post('/scim/v2/Users', entraUser({ userName }));
        expectScimError(response, 409, 'uniqueness');
      }
      expect(await total(tenant)).toBe(before);
    });

    it('after DELETE of the holder, the userName can be used again', async () => {
      const user = await provision(tenant);
      expect((await tenant.scim.delete(`/scim/v2/Users/${user.id}`)).status).toBe(204);
      const again = await provision(tenant, { userName: user.userName.toUpperCase() });
      expect(again.id).not.toBe(user.id);
      expect(again.userName).toBe(user.userName.toUpperCase());
    });

    it("refuses renaming a user to another user's userName (409), by PATCH and by PUT", async () => {
      const a = await provision(tenant);
      const b = await provision(tenant);
      const url = `/scim/v2/Users/${b.id}`;
      expectScimError(
        await tenant.scim.patch(
          url,
          patchOp({ op: 'Replace', path: 'userName', value: a.userName.toUpperCase() }),
        ),
        409,
        'uniqueness',
      );
      expectScimError(
        await tenant.scim.patch(url, patchOp({ op: 'replace', value: { userName: a.userName } })),
        409,
        'uniqueness',
      );
      expectScimError(await tenant.scim.put(url, entraUser({ userName: a.userName })), 409, 'uniqueness');
      expect(await getUser(tenant, b.id)).toEqual(b);
    });

    it('renaming frees the old name (a new user can take it); a case-only rename is allowed', async () => {
      const user = await provision(tenant);
      const renamedTo = `${unique('renamed')}@contoso.test`;
      const renamed = await patchUser(tenant, user.id, { op: 'Replace', path: 'userName', value: renamedTo });
      expect(renamed.userName).toBe(renamedTo);
      const taker = await provision(tenant, { userName: user.userName });
      expect(taker.userName).toBe(user.userName);
      expect(
        (await listUsers(tenant, filterQuery(`userName eq "${user.userName}"`))).Resources.map((u) => u.id),
      ).toEqual([taker.id]);
      const recased = await patchUser(tenant, user.id, {
        op: 'Replace',
        path: 'userName',
        value: renamedTo.toUpperCase(),
      });
      expect(recased.userName).toBe(renamedTo.toUpperCase());
      expectScimError(
        await tenant.scim.post('/scim/v2/Users', entraUser({ userName: renamedTo })),
        409,
        'uniqueness',
      );
    });

    it('lets exactly one of concurrent creates of one userName win', async () => {
      const userName = `${unique('race')}@contoso.test`;
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          tenant.scim.post(
            '/scim/v2/Users',
            entraUser({ userName: i % 2 ? userName.toUpperCase() : userName }),
          ),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      for (const loser of responses.filter((r) => r.status === 409))
        expectScimError(loser, 409, 'uniqueness');
      expect((await listUsers(tenant, filterQuery(`userName eq "${userName}"`))).totalResults).toBe(1);
    });

    it('the same userName may exist in two subscriptions', async () => {
      const other = await createTenant(running, uniqueSubscriptionName('sync-other'));
      const user = await provision(tenant);
      const twin = await provision(other, { userName: user.userName });
      expect(twin.userName).toBe(user.userName);
      expect(enterpriseOf(twin)).toEqual(enterpriseOf(user));
    });
  });
});

const enterpriseOf = (user: ScimUser) => user[ENTERPRISE_SCHEMA];
