import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import { HttpResponse, request } from '../support/http-client';
import {
  ENTERPRISE_SCHEMA,
  ERROR_SCHEMA,
  PATCH_OP_SCHEMA,
  ScimUser,
  Tenant,
  createTenant,
  entraUser,
  getUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/**
 * A battery of malformed and hostile requests (the kind a fuzzer sends): none may answer 5xx,
 * every refusal has the error shape of its API, and none changes the data. Specific answers are
 * asserted in the errors specs; this one guards the whole surface at once.
 */
describe('hostile input: no 5xx, clear errors, data unchanged', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let user: ScimUser;
  let groupId: string;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('hostile'));
    user = await provision(tenant);
    const group = await tenant.scim.post('/scim/v2/Groups', {
      displayName: 'G',
      members: [{ value: user.id }],
    });
    groupId = (group.body as { id: string }).id;
    user = await getUser(tenant, user.id); // now listing its group
  });
  afterAll(async () => {
    await running?.close();
  });

  const scim = (method: string, path: string, body?: string) =>
    request(running.baseUrl, method, path, {
      body,
      headers: {
        authorization: `Bearer ${tenant.token}`,
        host: tenant.host,
        'content-type': 'application/scim+json',
      },
    });
  const admin = (method: string, path: string, body?: string) =>
    request(running.baseUrl, method, path, {
      body,
      headers: { authorization: `Bearer ${running.adminKey}`, 'content-type': 'application/json' },
    });

  /** No 5xx, except the deliberate 501 of an endpoint this service does not implement (/Me, /Bulk). */
  const expectClearScimAnswer = (label: string, response: HttpResponse, notImplemented = false) => {
    if (notImplemented) expect({ label, status: response.status }).toEqual({ label, status: 501 });
    else expect({ label, status: response.status < 500 }).toEqual({ label, status: true });
    if (response.status < 400) return;
    expect({ label, contentType: response.headers['content-type'] }).toEqual({
      label,
      contentType: expect.stringContaining('application/scim+json'),
    });
    expect({ label, body: response.body }).toMatchObject({ label, body: { schemas: [ERROR_SCHEMA] } });
    expect(response.text).not.toMatch(/node_modules|\.[jt]s:\d+|\n\s+at /);
  };
  const expectClearAdminAnswer = (label: string, response: HttpResponse) => {
    expect({ label, status: response.status < 500 }).toEqual({ label, status: true });
    if (response.status < 400) return;
    expect({ label, body: response.body }).toEqual({
      label,
      body: { statusCode: response.status, error: expect.any(String), message: expect.any(String) },
    });
  };

  const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const patch = (operations: unknown) =>
    JSON.stringify({ schemas: [PATCH_OP_SCHEMA], Operations: operations });

  it('refuses a request without its key before reading its body (401, not the 400 of the body)', async () => {
    // The body is never parsed: broken JSON or a 100,000-deep array answer 401 like any other.
    for (const body of ['{"userName": ', deepArray(100_000)]) {
      const anonymous = await request(running.baseUrl, 'POST', '/scim/v2/Users', {
        body,
        headers: { 'content-type': 'application/scim+json' },
      });
      expect(anonymous.status).toBe(401);
      expectClearScimAnswer('no token', anonymous);
      const forged = await request(running.baseUrl, 'POST', '/scim/v2/Users', {
        body,
        headers: {
          authorization: `Bearer scim_0123456789abcdef_${'A'.repeat(43)}`,
          'content-type': 'application/scim+json',
        },
      });
      expect(forged.status).toBe(401);
      const noKey = await request(running.baseUrl, 'POST', '/admin/v1/subscriptions', {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(noKey.status).toBe(401);
      expectClearAdminAnswer('no admin key', noKey);
    }
    // Nothing outside the two APIs takes a body: answered before it is read, whatever it holds.
    const deep = deepArray(100_000);
    for (const path of ['/nope', '/SCIM/v2/Users', '/scim%2Fv2/Users', '/admin/docs-json']) {
      const response = await request(running.baseUrl, 'POST', path, {
        body: deep,
        headers: { 'content-type': 'application/json' },
      });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expectClearAdminAnswer(path, response);
    }
    const probe = await request(running.baseUrl, 'GET', '/health/live', {
      body: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect(probe.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'this route takes no request body',
    });
    // With the token, the same broken body is the body's 400.
    expect((await scim('POST', '/scim/v2/Users', '{"userName": ')).status).toBe(400);
  });

  it('filters and list parameters', async () => {
    const filters = [
      '',
      'userName',
      'userName eq',
      'userName eq "a',
      '(userName eq "a"',
      'not (',
      'emails[type eq "work"',
      'emails[type eq "work"].value eq',
      'meta.created gt "not a date"',
      'meta.created gt 5',
      'active eq "true"',
      'userName eq null',
      'userName pr pr',
      `${'('.repeat(2000)}userName pr${')'.repeat(2000)}`,
      `${'not('.repeat(1500)}userName pr${')'.repeat(1500)}`,
      'name.givenName.x eq "a"',
      'emails[emails[type eq "x"]]',
      'urn:unknown:schema:attr eq "x"',
      'userName eq 1e400',
      `${'userName eq "a" or '.repeat(500)}id pr`,
    ];
    for (const filter of filters) {
      for (const path of ['/scim/v2/Users', '/scim/v2/Groups'])
        expectClearScimAnswer(
          `GET ${path} ${filter.slice(0, 40)}`,
          await scim('GET', `${path}?filter=${encodeURIComponent(filter)}`),
        );
      expectClearScimAnswer(
        `.search ${filter.slice(0, 40)}`,
        await scim('POST', '/scim/v2/Users/.search', JSON.stringify({ filter })),
      );
    }
    const params = [
      'startIndex=-1',
      'startIndex=abc',
      'startIndex=99999999999999999999',
      'count=1e300',
      'count=-5',
      'sortBy=x.y.z',
      'sortOrder=sideways&sortBy=userName',
      'attributes=,,,',
      'attributes=emails[type eq "work"]',
      'attributes=urn:x',
      'filter=userName%20pr&filter=id%20pr',
    ];
    for (const query of params) {
      expectClearScimAnswer(`GET Users?${query}`, await scim('GET', `/scim/v2/Users?${query}`));
      expectClearScimAnswer(`GET Groups?${query}`, await scim('GET', `/scim/v2/Groups?${query}`));
      expectClearScimAnswer(`GET Users/id?${query}`, await scim('GET', `/scim/v2/Users/${user.id}?${query}`));
    }
  });

  it('resource bodies', async () => {
    const bodies = [
      '',
      'null',
      '[]',
      '"text"',
      '{',
      '{"userName":{"a":1}}',
      '{"__proto__":{"admin":true},"userName":"proto@example.com"}',
      '{"constructor":{"prototype":{"admin":true}}}',
      JSON.stringify(entraUser({ emails: 'x' })),
      JSON.stringify(entraUser({ emails: [null, 1] })),
      JSON.stringify(entraUser({ name: 'x' })),
      JSON.stringify(entraUser({ active: 'maybe' })),
      JSON.stringify(entraUser({ [ENTERPRISE_SCHEMA]: 'x' })),
      JSON.stringify(entraUser({ [ENTERPRISE_SCHEMA]: { manager: 5 } })),
      JSON.stringify(entraUser({ [ENTERPRISE_SCHEMA]: { manager: { value: 'nobody' } } })),
      JSON.stringify(entraUser({ meta: 5, schemas: 'x' })),
      JSON.stringify(entraUser({ userName: '' })),
      JSON.stringify(entraUser({ userName: '\u0000' })),
      JSON.stringify(
        entraUser({ emails: Array.from({ length: 2000 }, (_, i) => ({ value: `e${i}@example.com` })) }),
      ),
      `{"a":${deepArray(50_000)}}`,
    ];
    for (const body of bodies) {
      const label = body.slice(0, 50);
      expectClearScimAnswer(`POST Users ${label}`, await scim('POST', '/scim/v2/Users', body));
      expectClearScimAnswer(`PUT Users ${label}`, await scim('PUT', `/scim/v2/Users/${user.id}`, body));
      expectClearScimAnswer(`POST Groups ${label}`, await scim('POST', '/scim/v2/Groups', body));
      expectClearScimAnswer(`PUT Groups ${label}`, await scim('PUT', `/scim/v2/Groups/${groupId}`, body));
    }
    // Some of those bodies are valid (a PUT of one replaces the user): the user is still whole.
    expect((await scim('GET', `/scim/v2/Users/${user.id}`)).status).toBe(200);
  });

  it('PATCH operations', async () => {
    const before = await getUser(tenant, user.id);
    const operations: unknown[] = [
      null,
      'x',
      [null],
      [1],
      [{}],
      [{ op: 'add' }],
      [{ op: 'bogus', path: 'title', value: 'x' }],
      [{ op: 'replace', path: '', value: 'x' }],
      [{ op: 'replace', path: 'title', value: { a: 1 } }],
      [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }],
      [{ op: 'replace', path: 'emails[type eq "work"].value.x', value: 'x' }],
      [{ op: 'remove', path: 'userName' }],
      [{ op: 'replace', path: 'id', value: 'x' }],
      [{ op: 'add', path: 'emails', value: [null] }],
      [{ op: 'add', value: 'x' }],
      [{ op: 'replace', path: `${ENTERPRISE_SCHEMA}:manager`, value: [1, 2] }],
      [{ op: 'replace', path: `${ENTERPRISE_SCHEMA}:manager`, value: { value: 'nobody' } }],
      [{ op: 'Replace', path: 'active', value: 'yes' }],
      [{ op: 'add', path: 'members', value: [{ value: 'nobody' }] }],
      [{ op: 'replace', path: 'urn:unknown:schema:attr', value: 1 }],
      [{ op: 'add', value: JSON.parse(`{"a":${deepArray(40)}}`) as unknown }],
    ];
    for (const operation of operations) {
      const label = JSON.stringify(operation).slice(0, 60);
      const body = patch(operation);
      expectClearScimAnswer(`PATCH Users ${label}`, await scim('PATCH', `/scim/v2/Users/${user.id}`, body));
      expectClearScimAnswer(`PATCH Groups ${label}`, await scim('PATCH', `/scim/v2/Groups/${groupId}`, body));
    }
    expect(await getUser(tenant, user.id)).toEqual(before);
  });

  it('paths and methods', async () => {
    const before = await getUser(tenant, user.id);
    const paths = [
      '/scim/v2/Users/',
      '/scim/v2/Users/%',
      '/scim/v2/Users/%00',
      `/scim/v2/Users/${'x'.repeat(5000)}`,
      '/scim/v2/Users//x',
      '/scim/v2/Users/.search/x',
      '/scim/v2/Schemas/%',
      '/scim/v2/ResourceTypes/x',
      '/scim/v2/Bulk',
      '/scim/v2/Me',
    ];
    for (const path of paths)
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
        expectClearScimAnswer(
          `${method} ${path.slice(0, 40)}`,
          await scim(method, path, method === 'GET' ? undefined : '{}'),
          path === '/scim/v2/Bulk' || path === '/scim/v2/Me',
        );
    expect(await getUser(tenant, user.id)).toEqual(before);
  });

  it('admin API bodies and parameters', async () => {
    const before = await getUser(tenant, user.id);
    const base = `/admin/v1/subscriptions/${tenant.name}`;
    const cases: [string, string, string?][] = [
      ['POST', '/admin/v1/subscriptions', '{'],
      ['POST', '/admin/v1/subscriptions', 'null'],
      ['POST', '/admin/v1/subscriptions', '[]'],
      ['POST', '/admin/v1/subscriptions', `{"name":"deep","companyName":"X","x":${deepArray(50_000)}}`],
      ['POST', `${base}/scim-tokens`, '{"expiresAt":"yesterday"}'],
      ['POST', `${base}/scim-tokens`, `{"description":${deepArray(50_000)}}`],
      [
        'PUT',
        `${base}/provisioning-policy`,
        '{"requiredUserAttributes":"x","synchronizeDisabledUsers":"no"}',
      ],
      ['GET', `${base}/users/${user.id}/history?fromRevision=1e20&limit=abc`],
      ['GET', `${base}/users/${user.id}?asOf=garbage`],
      ['GET', `${base}/users/nobody?asOf=2020-01-01T00:00:00Z`],
      ['GET', `${base}/groups/nobody/history`],
      ['GET', '/admin/v1/events?fromPosition=garbage'],
      ['GET', '/admin/v1/events?fromPosition=99999999999999999999999&limit=1'],
      ['GET', '/admin/v1/events?limit=0'],
      ['GET', `${base}/provisioning-log?status=abc&from=x&limit=-1`],
      ['GET', `${base}/provisioning-log?cursor=%%%`],
      ['GET', `/admin/v1/subscriptions/${'n'.repeat(500)}`],
      ['GET', '/admin/v1/subscriptions/%'],
      // The portal's profile edit: a JSON merge patch checked by Identity.
      ['PATCH', `${base}/users/${user.id}/profile`, 'null'],
      ['PATCH', `${base}/users/${user.id}/profile`, '"title"'],
      ['PATCH', `${base}/users/${user.id}/profile`, `{"title":${deepArray(50_000)}}`],
      [
        'PATCH',
        `${base}/users/${user.id}/profile`,
        `{"roles":[${'{"value":"r"},'.repeat(5000)}{"value":"r"}]}`,
      ],
      ['PATCH', `${base}/users/${user.id}/profile`, `{"title":"${'x'.repeat(100_000)}"}`],
      ['PATCH', `${base}/users/${user.id}/profile`, '{"__proto__":{"title":"x"}}'],
      ['PATCH', `${base}/users/${user.id}/profile`, '{"name":{"constructor":"x"}}'],
      ['PATCH', `${base}/users/${'u'.repeat(500)}/profile`, '{"title":"x"}'],
    ];
    for (const [method, path, body] of cases)
      expectClearAdminAnswer(
        `${method} ${path.slice(0, 60)} ${(body ?? '').slice(0, 30)}`,
        await admin(method, path, body),
      );
    expect((await admin('GET', '/admin/v1/subscriptions/deep')).status).toBe(404);
    expect(await getUser(tenant, user.id)).toEqual(before);
  });
});
