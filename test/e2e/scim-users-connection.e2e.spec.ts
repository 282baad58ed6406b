import { randomUUID } from 'node:crypto';
import { RunningApp, startApp } from '../support/e2e-app';
import { client } from '../support/http-client';
import {
  EMPTY_LIST,
  Tenant,
  createTenant,
  expectScimContentType,
  expectScimError,
  ScimUser,
  entraUser,
  filterQuery,
  patchOp,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

describe('SCIM /Users: Entra "Test connection" and authentication', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let other: Tenant;
  const testConnection = () => `/scim/v2/Users?${filterQuery(`userName eq "${randomUUID()}"`)}`;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('conn'));
    other = await createTenant(running, uniqueSubscriptionName('conn-other'));
    await provision(tenant);
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('Test connection', () => {
    it('answers 200 with exactly the empty ListResponse for a random userName', async () => {
      const response = await tenant.scim.get(testConnection());
      expect(response.status).toBe(200);
      expectScimContentType(response);
      expect(response.body).toEqual(EMPTY_LIST);
    });

    it('ignores ?aadOptscim062020 and other unknown query parameters', async () => {
      for (const suffix of ['&aadOptscim062020', '&aadOptscim062020=', '&aadOptscim062020&foo=bar&x=1']) {
        const response = await tenant.scim.get(testConnection() + suffix);
        expect({ suffix, status: response.status, body: response.body }).toEqual({
          suffix,
          status: 200,
          body: EMPTY_LIST,
        });
      }
      const first = await tenant.scim.get(
        `/scim/v2/Users?aadOptscim062020&${filterQuery('userName eq "x"')}`,
      );
      expect(first.status).toBe(200);
      expect(first.body).toEqual(EMPTY_LIST);
    });
  });

  it('serves every call with ?aadOptscim062020 appended (Tenant URL with the flag)', async () => {
    const flag = 'aadOptscim062020';
    const created = await tenant.scim.post(`/scim/v2/Users?${flag}`, entraUser());
    expect(created.status).toBe(201);
    const { id } = created.body as ScimUser;
    expect((await tenant.scim.get(`/scim/v2/Users/${id}?${flag}`)).status).toBe(200);
    const patched = await tenant.scim.patch(
      `/scim/v2/Users/${id}?${flag}`,
      patchOp({ op: 'Replace', path: 'title', value: 'Flagged' }),
    );
    expect(patched.status).toBe(200);
    expect((patched.body as ScimUser).title).toBe('Flagged');
    const put = await tenant.scim.put(
      `/scim/v2/Users/${id}?${flag}`,
      entraUser({ userName: (created.body as ScimUser).userName }),
    );
    expect(put.status).toBe(200);
    expect(
      (await tenant.scim.post(`/scim/v2/Users/.search?${flag}`, { filter: `id eq "${id}"` })).status,
    ).toBe(200);
    for (const path of ['ServiceProviderConfig', 'ResourceTypes', 'Schemas'])
      expect((await tenant.scim.get(`/scim/v2/${path}?${flag}`)).status).toBe(200);
    expect((await tenant.scim.delete(`/scim/v2/Users/${id}?${flag}`)).status).toBe(204);
  });

  describe('authentication', () => {
    const expect401 = (response: Awaited<ReturnType<typeof tenant.scim.get>>) =>
      expectScimError(response, 401, undefined, /token|authentication/i);

    it('refuses a request without a token (401, SCIM error)', async () => {
      const anonymous = client(running.baseUrl, { host: tenant.host });
      expect401(await anonymous.get(testConnection()));
      expect401(await anonymous.get('/scim/v2/ServiceProviderConfig'));
    });

    it('refuses a wrong token and a malformed Authorization header (401)', async () => {
      const forged = `${tenant.token.slice(0, -4)}AAAA`;
      for (const authorization of [`Bearer ${forged}`, 'Bearer nonsense', `Basic ${tenant.token}`, 'Bearer'])
        expect401(await client(running.baseUrl, { authorization, host: tenant.host }).get(testConnection()));
    });

    it('refuses a revoked token (401) at once', async () => {
      const issued = await running.admin.post(`/admin/v1/subscriptions/${tenant.name}/scim-tokens`, {});
      const { id, token } = issued.body as { id: string; token: string };
      const entra = client(running.baseUrl, { authorization: `Bearer ${token}`, host: tenant.host });
      expect((await entra.get(testConnection())).status).toBe(200);
      expect(
        (await running.admin.delete(`/admin/v1/subscriptions/${tenant.name}/scim-tokens/${id}`)).status,
      ).toBe(204);
      expect401(await entra.get(testConnection()));
      expect401(await entra.post('/scim/v2/Users', { userName: 'x' }));
    });

    it("refuses a valid token on another subscription's tenant host (401)", async () => {
      const wrongHost = client(running.baseUrl, {
        authorization: `Bearer ${tenant.token}`,
        host: `users-${other.name}.portal.test`,
      });
      expect401(await wrongHost.get(testConnection()));
      const anyDomain = client(running.baseUrl, {
        authorization: `Bearer ${tenant.token}`,
        host: `users-${other.name}.x`,
      });
      expect401(await anyDomain.get(testConnection()));
    });

    it('every 401 carries WWW-Authenticate: Bearer realm="scim", with error="invalid_token" for a refused token', async () => {
      const challenge = async (headers: Record<string, string>, path = testConnection()) => {
        const response = await client(running.baseUrl, { host: tenant.host, ...headers }).get(path);
        expect(response.status).toBe(401);
        return response.headers['www-authenticate'];
      };
      expect(await challenge({})).toBe('Bearer realm="scim"');
      expect(await challenge({}, '/scim/v2/ServiceProviderConfig')).toBe('Bearer realm="scim"');
      expect(await challenge({ authorization: `Basic ${tenant.token}` })).toBe('Bearer realm="scim"');
      expect(await challenge({ authorization: 'Bearer nonsense' })).toBe(
        'Bearer realm="scim", error="invalid_token"',
      );
      expect(
        await challenge({ authorization: `Bearer ${tenant.token}`, host: `users-${other.name}.portal.test` }),
      ).toBe('Bearer realm="scim", error="invalid_token"');
      const authorized = await tenant.scim.get(testConnection());
      expect(authorized.status).toBe(200);
      expect(authorized.headers['www-authenticate']).toBeUndefined();
    });

    it('accepts the token on its own tenant host under any domain, and on a plain host (200)', async () => {
      const hosts = [
        `users-${tenant.name}.portal.test`,
        `users-${tenant.name}.anything`,
        `users-${tenant.name.toUpperCase()}.example.com:8443`,
        '127.0.0.1',
        'localhost',
      ];
      for (const host of hosts) {
        const response = await client(running.baseUrl, { authorization: `Bearer ${tenant.token}`, host }).get(
          testConnection(),
        );
        expect({ host, status: response.status, body: response.body }).toEqual({
          host,
          status: 200,
          body: EMPTY_LIST,
        });
      }
    });

    it('without a custom Host (the real 127.0.0.1:<port>) the token works', async () => {
      const plain = client(running.baseUrl, { authorization: `Bearer ${tenant.token}` });
      const response = await plain.get('/scim/v2/Users');
      expect(response.status).toBe(200);
      expect((response.body as { totalResults: number }).totalResults).toBe(1);
    });
  });
});
