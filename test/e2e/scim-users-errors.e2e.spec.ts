import { RunningApp, startApp } from '../support/e2e-app';
import { HttpResponse, client, request } from '../support/http-client';
import {
  Json,
  PATCH_OP_SCHEMA,
  ScimUser,
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  filterQuery,
  getUser,
  listUsers,
  patchOp,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/** Every failure answers an RFC 7644 section 3.12 error body, application/scim+json, never a stack trace. */
describe('SCIM /Users: errors', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let user: ScimUser;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('err'));
    user = await provision(tenant);
  });
  afterAll(async () => {
    await running?.close();
  });

  const raw = (method: string, path: string, body: string, contentType = 'application/scim+json') =>
    request(running.baseUrl, method, path, {
      body,
      headers: { authorization: `Bearer ${tenant.token}`, host: tenant.host, 'content-type': contentType },
    });
  const patchRaw = (operations: unknown[]): Promise<HttpResponse> =>
    tenant.scim.patch(`/scim/v2/Users/${user.id}`, { schemas: [PATCH_OP_SCHEMA], Operations: operations });
  const unchanged = async () => expect(await getUser(tenant, user.id)).toEqual(user);

  describe('request bodies', () => {
    it('invalid JSON is 400 invalidSyntax (POST, PUT, PATCH; scim+json and json)', async () => {
      for (const [method, path] of [
        ['POST', '/scim/v2/Users'],
        ['PUT', `/scim/v2/Users/${user.id}`],
        ['PATCH', `/scim/v2/Users/${user.id}`],
        ['POST', '/scim/v2/Users/.search'],
      ])
        for (const contentType of ['application/scim+json', 'application/json']) {
          const response = await raw(method, path, '{"userName": "broken"', contentType);
          expectScimError(response, 400, 'invalidSyntax');
        }
      await unchanged();
    });

    it('a body starting with a UTF-8 byte order mark is read as JSON (both media types)', async () => {
      for (const contentType of ['application/scim+json', 'application/json']) {
        const body = `\uFEFF${JSON.stringify(patchOp({ op: 'replace', path: 'title', value: user.title ?? null }))}`;
        const response = await raw('PATCH', `/scim/v2/Users/${user.id}`, body, contentType);
        expect({ contentType, status: response.status }).toEqual({ contentType, status: 200 });
      }
    });

    it('a body that is not an object is 400', async () => {
      for (const body of ['[]', '"text"', '42', 'null']) {
        const response = await raw('POST', '/scim/v2/Users', body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expectScimError(response, 400, 'invalidSyntax');
      }
      expectScimError(
        await request(running.baseUrl, 'POST', '/scim/v2/Users', {
          headers: { authorization: `Bearer ${tenant.token}`, host: tenant.host },
        }),
        400,
        'invalidSyntax',
      );
    });

    it('a body nested deeper than 32 levels is 400 invalidSyntax, and nothing is stored', async () => {
      // 100,000 levels: any recursive walk of it would overflow the stack (it answered 500).
      const deep = JSON.stringify(entraUser()).replace(
        /}$/,
        `,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      );
      const deepPatch = `{"schemas":["${PATCH_OP_SCHEMA}"],"Operations":[{"op":"add","value":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}]}`;
      for (const contentType of ['application/scim+json', 'application/json']) {
        for (const [method, path, body] of [
          ['POST', '/scim/v2/Users', deep],
          ['PUT', `/scim/v2/Users/${user.id}`, deep],
          ['PATCH', `/scim/v2/Users/${user.id}`, deepPatch],
          ['POST', '/scim/v2/Users/.search', deep],
        ]) {
          expectScimError(
            await raw(method, path, body, contentType),
            400,
            'invalidSyntax',
            /deeper than 32 levels/,
          );
        }
      }
      await unchanged();
      const list = await tenant.scim.get(
        `/scim/v2/Users?${filterQuery(`userName eq "${entraUser().userName}"`)}`,
      );
      expect(list.body).toMatchObject({ totalResults: 0 });
    });

    it('a body larger than 1 MiB is 413', async () => {
      const huge = JSON.stringify(entraUser({ displayName: 'x'.repeat(1024 * 1024 + 10) }));
      expectScimError(await raw('POST', '/scim/v2/Users', huge), 413);
      expectScimError(await raw('POST', '/scim/v2/Users', huge, 'application/json'), 413);
      expectScimError(await raw('PATCH', `/scim/v2/Users/${user.id}`, huge), 413);
    });

    it('a body of another media type is 415 with a SCIM error, JSON sent as text/plain too', async () => {
      const json = JSON.stringify(entraUser());
      expectScimError(
        await raw('POST', '/scim/v2/Users', 'userName=x', 'application/x-www-form-urlencoded'),
        415,
      );
      // text/plain used to reach the handler as a string: 400 "must be a JSON object".
      expectScimError(await raw('POST', '/scim/v2/Users', json, 'text/plain'), 415);
      expectScimError(
        await raw('PATCH', `/scim/v2/Users/${user.id}`, json, 'text/plain; charset=utf-8'),
        415,
      );
      await unchanged();
    });

    it('a request without a body is not refused for its Content-Type (a DELETE sent with text/plain)', async () => {
      const doomed = (
        await tenant.scim.post('/scim/v2/Users', entraUser({ userName: 'plain-delete@example.com' }))
      ).body as { id: string };
      expect((await raw('DELETE', `/scim/v2/Users/${doomed.id}`, '', 'text/plain')).status).toBe(204);
      expect((await tenant.scim.get(`/scim/v2/Users/${doomed.id}`)).status).toBe(404);
      // Without a body there is nothing to parse: a POST says what is missing, not 415.
      expectScimError(await raw('POST', '/scim/v2/Users', '', 'text/plain'), 400, 'invalidSyntax');
      await unchanged();
    });

    it('an attribute of the wrong type or an unknown non-empty attribute is 400 invalidValue', async () => {
      expectScimError(
        await tenant.scim.post('/scim/v2/Users', entraUser({ active: 'maybe' })),
        400,
        'invalidValue',
      );
      expectScimError(
        await tenant.scim.post('/scim/v2/Users', entraUser({ emails: 'a@b.c' })),
        400,
        'invalidValue',
      );
      expectScimError(
        await tenant.scim.post('/scim/v2/Users', entraUser({ favouriteColour: 'blue' })),
        400,
        'invalidValue',
        /favouriteColour/,
      );
    });
    it('a "schemas" that is not a list of URNs naming the endpoint\'s schema is 400 invalidSyntax; none at all is taken as the endpoint\'s', async () => {
      const before = (await listUsers(tenant, 'count=0')).totalResults;
      for (const schemas of [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        [],
        ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      ])
        expectScimError(
          await tenant.scim.post('/scim/v2/Users', entraUser({ schemas })),
          400,
          'invalidSyntax',
          /schemas/,
        );
      expectScimError(
        await tenant.scim.put(`/scim/v2/Users/${user.id}`, {
          ...entraUser({ userName: user.userName }),
          schemas: [],
        }),
        400,
        'invalidSyntax',
      );
      expectScimError(
        await tenant.scim.post('/scim/v2/Users/.search', { schemas: ['urn:bogus'], filter: 'userName pr' }),
        400,
        'invalidSyntax',
        /SearchRequest/,
      );
      expect((await listUsers(tenant, 'count=0')).totalResults).toBe(before);
      await unchanged();
      const { schemas: _, ...bare } = entraUser();
      const created = await tenant.scim.post('/scim/v2/Users', bare);
      expect(created.status).toBe(201);
      // The other tests of this file count one user in the tenant.
      await tenant.scim.delete(`/scim/v2/Users/${(created.body as ScimUser).id}`);
    });
  });

  describe('filters and list parameters', () => {
    it('a detail quoting what the client sent is cut at 1,000 characters', async () => {
      const name = 'x'.repeat(100_000);
      const responses = [
        await tenant.scim.post('/scim/v2/Users', entraUser({ [name]: 'value' })),
        await tenant.scim.post('/scim/v2/Users/.search', { filter: `${name} eq "a"` }),
      ];
      for (const response of responses) {
        expectScimError(response, 400, undefined, /\.\.\. \(cut\)$/);
        expect(response.text.length).toBeLessThan(1_300);
      }
    });

    it('an unknown filter attribute is 400 invalidFilter', async () => {
      for (const filter of [
        'favouriteColour eq "blue"',
        'emails[kind eq "work"].value eq "x"',
        'name.nick eq "x"',
      ]) {
        const response = await tenant.scim.get(`/scim/v2/Users?${filterQuery(filter)}`);
        expectScimError(response, 400, 'invalidFilter');
      }
    });

    it('an unparsable filter is 400 invalidFilter', async () => {
      for (const filter of [
        'userName eq',
        'userName eq "unterminated',
        'userName equals "x"',
        '(userName eq "x"',
        'userName eq "x" and',
        'emails[type eq "work".value eq "x"',
      ]) {
        const response = await tenant.scim.get(`/scim/v2/Users?${filterQuery(filter)}`);
        expect({ filter, status: response.status }).toEqual({ filter, status: 400 });
        expectScimError(response, 400, 'invalidFilter');
      }
      expectScimError(
        await tenant.scim.post('/scim/v2/Users/.search', { filter: 'userName eq' }),
        400,
        'invalidFilter',
      );
    });

    it('a startIndex or count beyond 2^53 is an integer like any other (it answered 500)', async () => {
      const past = await tenant.scim.get('/scim/v2/Users?startIndex=99999999999999999999');
      expect(past.status).toBe(200);
      expect(past.body).toMatchObject({
        Resources: [],
        totalResults: 1,
        startIndex: Number.MAX_SAFE_INTEGER,
      });
      const all = await tenant.scim.get('/scim/v2/Users?count=99999999999999999999');
      expect(all.body).toMatchObject({ totalResults: 1, itemsPerPage: 1 });
      const search = await tenant.scim.post('/scim/v2/Users/.search', { startIndex: 1e300 });
      expect(search.body).toMatchObject({ Resources: [], totalResults: 1 });
    });

    it('a non-integer startIndex or count is 400; an unknown sortBy or attribute is refused', async () => {
      expectScimError(await tenant.scim.get('/scim/v2/Users?startIndex=abc'), 400);
      expectScimError(await tenant.scim.get('/scim/v2/Users?count=1.5'), 400);
      // Digits only in a query string: Number() read these as integers.
      for (const text of ['1e3', '0x10', '1.0'])
        expectScimError(await tenant.scim.get(`/scim/v2/Users?startIndex=${text}`), 400, 'invalidValue');
      const sort = await tenant.scim.get('/scim/v2/Users?sortBy=favouriteColour');
      expectScimError(sort, 400);
      // A list of attribute names is not a filter: invalidValue, naming the parameter.
      const attributes = await tenant.scim.get('/scim/v2/Users?attributes=favouriteColour');
      expectScimError(attributes, 400, 'invalidValue', /^attributes: .*favouriteColour/);
      const excluded = await tenant.scim.get('/scim/v2/Users?excludedAttributes=members');
      expectScimError(excluded, 400, 'invalidValue', /^excludedAttributes: .*members/);
    });
  });

  describe('PATCH', () => {
    it('an unknown op is 400 invalidSyntax', async () => {
      for (const op of ['move', 'copy', 'test', '', 42])
        expectScimError(await patchRaw([{ op, path: 'title', value: 'x' }]), 400, 'invalidSyntax');
      expectScimError(await patchRaw([{ path: 'title', value: 'x' }]), 400, 'invalidSyntax');
      await unchanged();
    });

    it('a body without the PatchOp schema or without Operations is 400 invalidSyntax', async () => {
      const url = `/scim/v2/Users/${user.id}`;
      expectScimError(
        await tenant.scim.patch(url, { Operations: [{ op: 'replace', path: 'title', value: 'x' }] }),
        400,
        'invalidSyntax',
      );
      expectScimError(await tenant.scim.patch(url, { schemas: [PATCH_OP_SCHEMA] }), 400, 'invalidSyntax');
      expectScimError(
        await tenant.scim.patch(url, { schemas: [PATCH_OP_SCHEMA], Operations: { op: 'replace' } }),
        400,
        'invalidSyntax',
      );
      await unchanged();
    });

    it('changing a readOnly attribute (id, meta) is 400 mutability', async () => {
      const readOnly: Json[] = [
        { op: 'replace', path: 'id', value: 'other-id' },
        { op: 'Replace', path: 'meta.created', value: '2001-01-01T00:00:00Z' },
        { op: 'remove', path: 'id' },
        { op: 'add', path: 'meta', value: { version: 'W/"99"' } },
        { op: 'replace', path: 'groups', value: [{ value: 'g' }] },
      ];
      for (const operation of readOnly) {
        const response = await patchRaw([operation]);
        expect({ operation, status: response.status }).toMatchObject({ status: 400 });
        expectScimError(response, 400, 'mutability');
      }
      await unchanged();
    });

    it('a path to an unknown attribute is 400 invalidPath', async () => {
      for (const path of [
        'favouriteColour',
        'name.nickName',
        'emails[type eq "work"].colour',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize',
      ]) {
        const response = await patchRaw([{ op: 'replace', path, value: 'x' }]);
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
        expectScimError(response, 400, 'invalidPath');
      }
      expectScimError(
        await patchRaw([{ op: 'replace', value: { favouriteColour: 'x' } }]),
        400,
        'invalidPath',
      );
      await unchanged();
    });

    it('a malformed path or value filter is 400 invalidPath or invalidFilter', async () => {
      for (const path of ['emails[type eq "work"', 'emails[type eq].value', 'name..givenName']) {
        const response = await patchRaw([{ op: 'replace', path, value: 'x' }]);
        expect(response.status).toBe(400);
        expectScimError(response, 400);
        expect(['invalidPath', 'invalidFilter']).toContain((response.body as Json).scimType);
      }
      await unchanged();
    });

    it('remove without a path is 400 noTarget; removing userName is refused', async () => {
      expectScimError(await patchRaw([{ op: 'remove' }]), 400, 'noTarget');
      const removeUserName = await patchRaw([{ op: 'remove', path: 'userName' }]);
      expect(removeUserName.status).toBe(400);
      expectScimError(removeUserName, 400);
      await unchanged();
    });

    it('all or nothing: a failing operation after good ones applies none of them', async () => {
      const response = await patchRaw([
        { op: 'replace', path: 'title', value: 'Applied?' },
        { op: 'replace', path: 'favouriteColour', value: 'x' },
      ]);
      expectScimError(response, 400, 'invalidPath');
      await unchanged();
    });
  });

  describe('routes and resources', () => {
    it('an unknown route under /scim/v2 is 404 with a SCIM body', async () => {
      for (const path of [
        '/scim/v2/Nothing',
        '/scim/v2/Users/x/y',
        '/scim/v2/',
        '/scim/v2/Bulk/1',
        '/scim/v2/Mentors',
        '/scim/v1/Users',
      ])
        expectScimError(await tenant.scim.get(path), 404);
      expectScimError(await tenant.scim.post('/scim/v2/Nothing', {}), 404);
      expectScimError(await tenant.scim.post('/scim/v2/.search', {}), 404);
    });

    it('/Me and /Bulk answer 501 for any method (RFC 7644 3.11; bulk.supported is false)', async () => {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const body = method === 'GET' || method === 'DELETE' ? undefined : {};
        expectScimError(
          await tenant.scim.send(method, '/scim/v2/Me', body),
          501,
          undefined,
          /\/Me is not supported/,
        );
        expectScimError(await tenant.scim.send(method, '/scim/v2/Bulk', body), 501, undefined, /bulk/);
      }
      expectScimError(await tenant.scim.get('/scim/v2/Me/groups'), 501);
    });

    it('a method a known route does not take is 405 with Allow and a SCIM body', async () => {
      const cases: [string, string, string][] = [
        ['PUT', '/scim/v2/Users', 'GET, HEAD, POST'],
        ['DELETE', '/scim/v2/Users', 'GET, HEAD, POST'],
        ['PATCH', '/scim/v2/Groups', 'GET, HEAD, POST'],
        ['POST', `/scim/v2/Users/${user.id}`, 'GET, HEAD, PUT, PATCH, DELETE'],
        ['POST', '/scim/v2/Groups/any-id', 'GET, HEAD, PUT, PATCH, DELETE'],
        ['PUT', '/scim/v2/ResourceTypes/User', 'GET, HEAD'],
        ['DELETE', '/scim/v2/ServiceProviderConfig', 'GET, HEAD'],
        ['POST', '/scim/v2/Schemas', 'GET, HEAD'],
        // A search is POST only (RFC 7644 3.4.3): not a GET of the user ".search".
        ['GET', '/scim/v2/Users/.search', 'POST'],
        ['PUT', '/scim/v2/Groups/.search', 'POST'],
        ['DELETE', '/scim/v2/Users/.search', 'POST'],
        ['OPTIONS', '/scim/v2/Users/.search', 'POST'],
      ];
      for (const [method, path, allow] of cases) {
        const body = method === 'GET' || method === 'DELETE' ? undefined : {};
        const response = await tenant.scim.send(method, path, body);
        expectScimError(response, 405, undefined, new RegExp(`^${method} is not supported on this endpoint`));
        expect({ method, path, allow: response.headers.allow }).toEqual({ method, path, allow });
      }
      // What Allow lists is served: HEAD with every GET.
      expect((await tenant.scim.send('HEAD', '/scim/v2/Users')).status).toBe(200);
      expect((await tenant.scim.send('HEAD', '/scim/v2/ServiceProviderConfig')).status).toBe(200);
      await unchanged();
    });

    it('the token is checked first: without one, /Me, /Bulk and a wrong method answer 401', async () => {
      const anonymous = client(running.baseUrl, { host: tenant.host });
      for (const [method, path] of [
        ['GET', '/scim/v2/Me'],
        ['POST', '/scim/v2/Bulk'],
        ['PUT', '/scim/v2/Users'],
        ['DELETE', '/scim/v2/ServiceProviderConfig'],
        ['GET', '/scim/v2/Nothing'],
      ]) {
        const response = await anonymous.send(method, path);
        expectScimError(response, 401);
        expect(response.headers.allow).toBeUndefined();
      }
    });

    it('a trailing slash names the collection: GET /Users/ and /Groups/ are the lists', async () => {
      for (const path of ['/scim/v2/Users/', '/scim/v2/Groups/']) {
        const response = await tenant.scim.get(path);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        });
      }
      const found = await tenant.scim.get(
        `/scim/v2/Users/?filter=${encodeURIComponent(`id eq "${user.id}"`)}`,
      );
      expect(found.body).toMatchObject({ totalResults: 1 });
    });

    it('an unknown user id is 404 for GET, PUT, PATCH and DELETE', async () => {
      const url = '/scim/v2/Users/00000000-0000-4000-8000-000000000000';
      expectScimError(await tenant.scim.get(url), 404);
      expectScimError(await tenant.scim.put(url, entraUser()), 404);
      expectScimError(
        await tenant.scim.patch(url, patchOp({ op: 'replace', path: 'title', value: 'x' })),
        404,
      );
      expectScimError(await tenant.scim.delete(url), 404);
      expectScimError(await tenant.scim.get('/scim/v2/Users/not-even-a-uuid'), 404);
    });

    it("a URL the router refuses answers a SCIM error, not Fastify's own", async () => {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        expectScimError(
          await raw(method, '/scim/v2/Users/%E0%A4%A', '{}'),
          400,
          undefined,
          /URL path is not valid/,
        );
        // Longer than the router's 100 characters: no resource has such an id.
        const long = await raw(method, `/scim/v2/Users/${'x'.repeat(5000)}`, '{}');
        expectScimError(long, 404);
        expect(long.text.length).toBeLessThan(300);
      }
      await unchanged();
    });

    it('a GET whose filter makes the request line too long is a SCIM 431 pointing to POST /.search', async () => {
      const filter = filterQuery(`userName eq "${'x'.repeat(20_000)}"`);
      const response = await tenant.scim.get(`/scim/v2/Users?${filter}`);
      expectScimError(response, 431, undefined, /POST \/\.search/);
      const search = await tenant.scim.post('/scim/v2/Users/.search', {
        filter: `userName eq "${'x'.repeat(20_000)}"`,
      });
      expect(search.status).toBe(200);
      // Outside /scim, Fastify's own answer stays.
      const admin = await running.admin.get(`/admin/v1/subscriptions?x=${'y'.repeat(20_000)}`);
      expect(admin.status).toBe(431);
    });

    it('an unsupported method is refused with a SCIM error body', async () => {
      const response = await tenant.scim.send('PATCH', '/scim/v2/Users', patchOp());
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expectScimError(response, response.status);
    });

    it('no error body carries a stack trace or internal details', async () => {
      const responses = [
        await raw('POST', '/scim/v2/Users', '{'),
        await tenant.scim.get(`/scim/v2/Users?${filterQuery('userName eq')}`),
        await patchRaw([{ op: 'bogus' }]),
        await tenant.scim.get('/scim/v2/Nothing'),
      ];
      for (const response of responses) {
        expect(response.text).not.toMatch(/node_modules|\.ts:\d+|\.js:\d+|stack|Error:/);
      }
    });
  });
});
