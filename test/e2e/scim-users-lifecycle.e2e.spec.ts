import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import { request } from '../support/http-client';
import {
  ENTERPRISE_SCHEMA,
  ScimUser,
  Tenant,
  USER_SCHEMA,
  createTenant,
  entraUser,
  expectScimContentType,
  expectScimError,
  filterQuery,
  getUser,
  listUsers,
  patchOp,
  patchUser,
  provision,
  reconnect,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const versionOf = (user: ScimUser) => Number(/^W\/"(\d+)"$/.exec(user.meta.version)![1]);

describe('SCIM /Users: lifecycle as Entra drives it', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('life'));
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('create', () => {
    it("creates the reference's typical Entra body (201) with Location, ETag and meta", async () => {
      const body = entraUser();
      const response = await tenant.scim.post('/scim/v2/Users', body);
      expect(response.status).toBe(201);
      expectScimContentType(response);
      const user = response.body as ScimUser;
      expect(user).toEqual({
        schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        externalId: body.externalId,
        userName: body.userName,
        name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
        displayName: 'Test User',
        title: 'Engineer',
        active: true,
        emails: [{ primary: true, type: 'work', value: body.userName }],
        [ENTERPRISE_SCHEMA]: { employeeNumber: '701984', department: 'Tour Operations' },
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(ISO),
          lastModified: expect.stringMatching(ISO),
          location: `http://${tenant.host}/scim/v2/Users/${user.id}`,
          version: expect.stringMatching(/^W\/"\d+"$/),
        },
      });
      expect(user.meta.created).toBe(user.meta.lastModified);
      expect(response.headers.location).toBe(user.meta.location);
      expect(response.headers.etag).toBe(user.meta.version);
    });

    it('finds the user right after the create (read-your-writes): GET by id and by filter', async () => {
      for (let i = 0; i < 5; i++) {
        const created = await provision(tenant);
        const got = await tenant.scim.get(`/scim/v2/Users/${created.id}`);
        expect(got.status).toBe(200);
        expectScimContentType(got);
        expect(got.body).toEqual(created);
        expect(got.headers.etag).toBe(created.meta.version);
        const found = await listUsers(tenant, filterQuery(`userName eq "${created.userName}"`));
        expect(found.Resources).toEqual([created]);
      }
    });

    it('accepts the body as application/json and as application/scim+json', async () => {
      for (const contentType of [
        'application/json',
        'application/scim+json',
        'application/json; charset=utf-8',
        'application/scim+json; charset=utf-8',
      ]) {
        const body = entraUser();
        const response = await request(running.baseUrl, 'POST', '/scim/v2/Users', {
          body,
          headers: {
            authorization: `Bearer ${tenant.token}`,
            host: tenant.host,
            'content-type': contentType,
          },
        });
        expect({ contentType, status: response.status }).toEqual({ contentType, status: 201 });
        expectScimContentType(response);
        expect((response.body as ScimUser).userName).toBe(body.userName);
      }
    });

    it('tolerates nulls, empty "roles" and unknown schema URNs of older tenants', async () => {
      const body = entraUser({
        schemas: [
          USER_SCHEMA,
          ENTERPRISE_SCHEMA,
          'urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User',
        ],
        nickName: null,
        title: null,
        phoneNumbers: null,
        'urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User': { costCenterCode: 'X1' },
        [ENTERPRISE_SCHEMA]: { employeeNumber: '1', department: null, manager: null },
      });
      const response = await tenant.scim.post('/scim/v2/Users', body);
      expect(response.status).toBe(201);
      const user = response.body as ScimUser;
      expect(user).not.toHaveProperty('title');
      expect(user).not.toHaveProperty('nickName');
      expect(user).not.toHaveProperty('phoneNumbers');
      expect(user[ENTERPRISE_SCHEMA]).toEqual({ employeeNumber: '1' });
      expect(response.text).not.toContain('null');
    });

    it('PATCH and PUT answers carry the ETag of the new version, DELETE needs no content type', async () => {
      const user = await provision(tenant);
      const patched = await tenant.scim.patch(
        `/scim/v2/Users/${user.id}`,
        patchOp({ op: 'replace', path: 'title', value: 'Lead' }),
      );
      expect(patched.status).toBe(200);
      expectScimContentType(patched);
      expect(patched.headers.etag).toBe((patched.body as ScimUser).meta.version);
      const deleted = await request(running.baseUrl, 'DELETE', `/scim/v2/Users/${user.id}`, {
        headers: { authorization: `Bearer ${tenant.token}`, host: tenant.host },
      });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
    });
  });

  describe('disable and restore', () => {
    it('PATCH active false keeps the user visible to GET and filters; active true restores it', async () => {
      const user = await provision(tenant);
      const disabled = await patchUser(tenant, user.id, { op: 'Replace', path: 'active', value: 'False' });
      expect(disabled.active).toBe(false);
      expect((await getUser(tenant, user.id)).active).toBe(false);
      const byName = await listUsers(tenant, filterQuery(`userName eq "${user.userName}"`));
      expect(byName.Resources.map((u) => [u.id, u.active])).toEqual([[user.id, false]]);
      const inactive = await listUsers(tenant, `${filterQuery('active eq false')}&count=1000`);
      expect(inactive.Resources.map((u) => u.id)).toContain(user.id);
      const both = await listUsers(
        tenant,
        filterQuery(`active eq false and externalId eq "${user.externalId}"`),
      );
      expect(both.Resources.map((u) => u.id)).toEqual([user.id]);

      const restored = await patchUser(tenant, user.id, { op: 'Replace', path: 'active', value: true });
      expect(restored.active).toBe(true);
      expect((await getUser(tenant, user.id)).active).toBe(true);
      const stillInactive = await listUsers(tenant, `${filterQuery('active eq false')}&count=1000`);
      expect(stillInactive.Resources.map((u) => u.id)).not.toContain(user.id);
    });
  });

  describe('disable, then what does not restore', () => {
    it('clearing active is refused and PUT without active keeps the user disabled', async () => {
      const user = await provision(tenant);
      await patchUser(tenant, user.id, { op: 'Replace', path: 'active', value: 'False' });
      const disabled = await getUser(tenant, user.id);
      for (const operation of [
        { op: 'remove', path: 'active' },
        { op: 'Replace', path: 'active', value: '' },
        { op: 'replace', value: { active: null } },
      ]) {
        const response = await tenant.scim.patch(`/scim/v2/Users/${user.id}`, patchOp(operation));
        expectScimError(response, 400, 'invalidValue', /active/);
      }
      expect(await getUser(tenant, user.id)).toEqual(disabled);

      const { active: _left, ...withoutActive } = entraUser({ userName: user.userName, title: 'Put' });
      const put = await tenant.scim.put(`/scim/v2/Users/${user.id}`, withoutActive);
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ active: false, title: 'Put' });
      expect(await getUser(tenant, user.id)).toMatchObject({ active: false, title: 'Put' });
      const restored = await tenant.scim.put(`/scim/v2/Users/${user.id}`, { ...withoutActive, active: true });
      expect(restored.body).toMatchObject({ active: true, title: 'Put' });
    });
  });

  describe('PUT', () => {
    it('replaces the whole user: absent attributes disappear, id and meta stay, version increments', async () => {
      const user = await provision(tenant, {
        nickName: 'Nick',
        phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
      });
      const newName = `${unique('put')}@contoso.test`;
      const response = await tenant.scim.put(`/scim/v2/Users/${user.id}`, {
        schemas: [USER_SCHEMA],
        id: 'ignored-client-id',
        userName: newName,
        active: true,
        name: { givenName: 'Putty', familyName: 'Replaced' },
        emails: [{ type: 'work', value: newName, primary: true }],
        meta: { resourceType: 'User', created: '2001-01-01T00:00:00Z' },
      });
      expect(response.status).toBe(200);
      expectScimContentType(response);
      const replaced = response.body as ScimUser;
      expect(replaced).toEqual({
        schemas: [USER_SCHEMA],
        id: user.id,
        userName: newName,
        name: { givenName: 'Putty', familyName: 'Replaced' },
        active: true,
        emails: [{ type: 'work', value: newName, primary: true }],
        meta: {
          ...user.meta,
          lastModified: expect.stringMatching(ISO),
          version: expect.stringMatching(/^W\/"\d+"$/),
        },
      });
      expect(versionOf(replaced)).toBeGreaterThan(versionOf(user));
      expect(response.headers.etag).toBe(replaced.meta.version);
      expect(await getUser(tenant, user.id)).toEqual(replaced);
      // The old userName is no longer found; the new one is.
      expect((await listUsers(tenant, filterQuery(`userName eq "${user.userName}"`))).totalResults).toBe(0);
      expect((await listUsers(tenant, filterQuery(`userName eq "${newName}"`))).Resources).toEqual([
        replaced,
      ]);
    });

    it('PUT of an unknown id is 404', async () => {
      expectScimError(
        await tenant.scim.put('/scim/v2/Users/00000000-0000-4000-8000-000000000000', entraUser()),
        404,
      );
    });
  });

  describe('DELETE', () => {
    it('answers 204; then GET, DELETE, PATCH and PUT answer 404', async () => {
      const user = await provision(tenant);
      const deleted = await tenant.scim.delete(`/scim/v2/Users/${user.id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      const url = `/scim/v2/Users/${user.id}`;
      expectScimError(await tenant.scim.get(url), 404);
      expectScimError(await tenant.scim.delete(url), 404);
      expectScimError(
        await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'x' })),
        404,
      );
      expectScimError(await tenant.scim.put(url, entraUser()), 404);
      expect((await listUsers(tenant, filterQuery(`userName eq "${user.userName}"`))).totalResults).toBe(0);
    });
  });

  describe('If-Match', () => {
    it('the current version is accepted (200); a stale one is 412 and changes nothing; none always works', async () => {
      const user = await provision(tenant);
      const url = `/scim/v2/Users/${user.id}`;
      const first = await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'One' }), {
        'if-match': user.meta.version,
      });
      expect(first.status).toBe(200);
      const afterFirst = first.body as ScimUser;
      expect(afterFirst.title).toBe('One');

      const stale = await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'Two' }), {
        'if-match': user.meta.version,
      });
      expectScimError(stale, 412);
      expect(await getUser(tenant, user.id)).toEqual(afterFirst);

      const staleDelete = await tenant.scim.delete(url, { 'if-match': user.meta.version });
      expectScimError(staleDelete, 412);
      const stalePut = await tenant.scim.put(url, entraUser({ userName: user.userName }), {
        'if-match': user.meta.version,
      });
      expectScimError(stalePut, 412);
      expect(await getUser(tenant, user.id)).toEqual(afterFirst);

      const strong = await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'Three' }), {
        'if-match': afterFirst.meta.version.replace(/^W\//, ''),
      });
      expect(strong.status).toBe(200);
      const without = await patchUser(tenant, user.id, { op: 'replace', path: 'title', value: 'Four' });
      expect(without.title).toBe('Four');
      const star = await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'Five' }), {
        'if-match': '*',
      });
      expect(star.status).toBe(200);
      const current = await getUser(tenant, user.id);
      expect((await tenant.scim.delete(url, { 'if-match': current.meta.version })).status).toBe(204);
    });
  });

  describe('If-Match lists and If-None-Match (RFC 7232 3.1, 3.2)', () => {
    it('If-Match listing several tags applies when any of them is the current version, else 412', async () => {
      const user = await provision(tenant);
      const url = `/scim/v2/Users/${user.id}`;
      const listed = await tenant.scim.patch(
        url,
        patchOp({ op: 'replace', path: 'title', value: 'Listed' }),
        {
          'if-match': `W/"999", ${user.meta.version}`,
        },
      );
      expect(listed.status).toBe(200);
      const after = listed.body as ScimUser;
      const put = await tenant.scim.put(url, entraUser({ userName: user.userName, title: 'Put' }), {
        'if-match': `W/"998", ${after.meta.version}, W/"999"`,
      });
      expect(put.status).toBe(200);
      const current = put.body as ScimUser;
      const none = await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'No' }), {
        'if-match': `W/"998", W/"999"`,
      });
      expectScimError(none, 412);
      expectScimError(await tenant.scim.delete(url, { 'if-match': 'W/"998", W/"999"' }), 412);
      expect(await getUser(tenant, user.id)).toEqual(current);
      expect((await tenant.scim.delete(url, { 'if-match': `W/"999", ${current.meta.version}` })).status).toBe(
        204,
      );
    });

    it('If-None-Match: * or the current version is 412 on PUT, PATCH and DELETE; another version proceeds', async () => {
      const user = await provision(tenant);
      const url = `/scim/v2/Users/${user.id}`;
      const version = user.meta.version;
      for (const value of ['*', version, `W/"999", ${version}`]) {
        const headers = { 'if-none-match': value };
        expectScimError(
          await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'x' }), headers),
          412,
        );
        expectScimError(await tenant.scim.put(url, entraUser({ userName: user.userName }), headers), 412);
        expectScimError(await tenant.scim.delete(url, headers), 412);
      }
      expect(await getUser(tenant, user.id)).toEqual(user);
      const other = await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'Other' }), {
        'if-none-match': 'W/"999"',
      });
      expect(other.status).toBe(200);
      expect((other.body as ScimUser).title).toBe('Other');
      expect((await tenant.scim.delete(url, { 'if-none-match': version })).status).toBe(204);
    });
  });

  describe('concurrency', () => {
    it('20 concurrent PATCHes each adding a phone number all succeed and none is lost', async () => {
      const user = await provision(tenant);
      const numbers = Array.from({ length: 20 }, (_, i) => `+1 555 01${String(i).padStart(2, '0')}`);
      const responses = await Promise.all(
        numbers.map((value) =>
          tenant.scim.patch(
            `/scim/v2/Users/${user.id}`,
            patchOp({ op: 'Add', path: 'phoneNumbers', value: [{ type: 'other', value }] }),
          ),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(numbers.map(() => 200));
      const after = await getUser(tenant, user.id);
      const stored = (after.phoneNumbers as { value: string }[]).map((p) => p.value);
      expect(stored.sort()).toEqual([...numbers].sort());
      expect(versionOf(after)).toBe(versionOf(user) + 20);
    });
  });

  describe('restart', () => {
    it('keeps users, filters and tokens across a restart on the same DATA_DIR', async () => {
      const a = await provision(tenant);
      const b = await patchUser(tenant, (await provision(tenant)).id, {
        op: 'replace',
        path: 'active',
        value: false,
      });
      const before = {
        a: await getUser(tenant, a.id),
        b: await getUser(tenant, b.id),
        all: await listUsers(tenant, 'count=1000&sortBy=userName'),
      };
      const dataDir = running.dataDir;
      await running.close({ keepData: true });
      running = await startApp({}, dataDir);
      tenant = reconnect(running, tenant);

      expect(await getUser(tenant, a.id)).toEqual(before.a);
      expect(await getUser(tenant, b.id)).toEqual(before.b);
      expect(await listUsers(tenant, 'count=1000&sortBy=userName')).toEqual(before.all);
      expect(
        (await listUsers(tenant, filterQuery(`userName eq "${a.userName.toUpperCase()}"`))).Resources,
      ).toEqual([before.a]);
      expect((await listUsers(tenant, filterQuery(`externalId eq "${b.externalId}"`))).Resources).toEqual([
        before.b,
      ]);
      // Writes keep working, and uniqueness survived the restart.
      expectScimError(
        await tenant.scim.post('/scim/v2/Users', entraUser({ userName: a.userName })),
        409,
        'uniqueness',
      );
      const restored = await patchUser(tenant, b.id, { op: 'replace', path: 'active', value: true });
      expect(restored.active).toBe(true);
      expect(versionOf(restored)).toBe(versionOf(before.b) + 1);
      await provision(tenant);
    });
  });
});
