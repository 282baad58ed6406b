import { RunningApp, startApp } from '../support/e2e-app';
import {
  ScimUser,
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  filterQuery,
  getUser,
  patchOp,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import { createGroup } from '../support/scim-group-fixtures';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** RFC 7644 3.3 and 3.5: a write answers the resource as a GET right after it would. */
describe('SCIM /Users: what a write answers', () => {
  let running: RunningApp;
  let tenant: Tenant;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('answers'));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('POST answers the same bytes as the GET after it, with Location, ETag and the SCIM media type', async () => {
    const created = await tenant.scim.post('/scim/v2/Users', entraUser());
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const read = await tenant.scim.get(`/scim/v2/Users/${id}`);
    expect(created.text).toBe(read.text);
    const { meta } = created.body as { meta: { location: string } };
    expect(meta.location).toMatch(new RegExp(`^https?://${tenant.host}/scim/v2/Users/${id}$`));
    expect(created.headers.location).toBe(meta.location);
    expect(created.headers.etag).toBe(read.headers.etag);
    expect(created.headers['content-type']).toMatch(/^application\/scim\+json/);
  });

  it("builds Location and meta.location from the proxy's scheme (http or https only) and a Host that is one", async () => {
    const location = async (headers: Record<string, string>) => {
      const created = await tenant.scim.post('/scim/v2/Users', entraUser(), headers);
      expect(created.status).toBe(201);
      expect((created.body as ScimUser).meta.location).toBe(created.headers.location);
      return created.headers.location as string;
    };
    expect(await location({ 'x-forwarded-proto': 'https' })).toMatch(/^https:\/\/users-/);
    expect(await location({ 'x-forwarded-proto': 'javascript' })).toMatch(/^http:\/\/users-/);
    expect(await location({ host: 'evil.example"><script>' })).toMatch(
      /^http:\/\/localhost\/scim\/v2\/Users\//,
    );
    // Behind a proxy that gives the back end its own Host: the tenant URL's host it passes on.
    const behindProxy = { host: 'backend.internal:3000', 'x-forwarded-proto': 'https' };
    expect(await location({ ...behindProxy, 'x-forwarded-host': tenant.host })).toMatch(
      new RegExp(`^https://${tenant.host}/scim/v2/Users/`),
    );
    expect(await location({ ...behindProxy, forwarded: `host="${tenant.host}"` })).toMatch(
      new RegExp(`^https://${tenant.host}/scim/v2/Users/`),
    );
    expect(await location({ ...behindProxy, 'x-forwarded-host': '"><script>' })).toMatch(
      /^https:\/\/backend\.internal:3000\/scim\/v2\/Users\//,
    );
  });

  it('PATCH and PUT answer the changed user; a user in a group carries its groups as GET shows them', async () => {
    const user = await provision(tenant);
    await createGroup(tenant, { members: [{ value: user.id }] });
    const patched = await tenant.scim.patch(
      `/scim/v2/Users/${user.id}`,
      patchOp({ op: 'Replace', path: 'title', value: 'Pilot' }),
    );
    expect(patched.status).toBe(200);
    expect(patched.text).toBe((await tenant.scim.get(`/scim/v2/Users/${user.id}`)).text);
    expect((patched.body as { title: string; groups: unknown[] }).title).toBe('Pilot');
    expect((patched.body as { groups: unknown[] }).groups).toHaveLength(1);

    const { id: _id, meta: _meta, groups: _groups, ...body } = patched.body as Record<string, unknown>;
    const replaced = await tenant.scim.put(`/scim/v2/Users/${user.id}`, { ...body, title: 'Captain' });
    expect(replaced.status).toBe(200);
    expect(replaced.text).toBe((await tenant.scim.get(`/scim/v2/Users/${user.id}`)).text);
  });

  it('answers each write before the read model holds it, yet every read right after it shows it, byte for byte', async () => {
    // Every attribute the users projection stores, in the order a client might send them.
    const rich = entraUser({
      nickName: 'Ana',
      profileUrl: 'https://contoso.test/ana',
      userType: 'Employee',
      preferredLanguage: 'pt-BR',
      locale: 'pt-BR',
      timezone: 'America/Sao_Paulo',
      phoneNumbers: [
        { type: 'mobile', value: '+55 11 5555 0100' },
        { type: 'work', value: '+55 11 5555 0101' },
      ],
      addresses: [
        { type: 'work', streetAddress: 'Rua A, 1', locality: 'São Paulo', country: 'BR', primary: true },
      ],
      name: { givenName: 'Ana', familyName: 'Souza', middleName: 'Maria', honorificPrefix: 'Dr.' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        employeeNumber: '42',
        costCenter: 'CC-1',
        organization: 'Contoso',
        division: 'Air',
        department: 'Ops',
      },
    });
    const sameAsReads = async (answer: {
      status: number;
      text: string;
      headers: Record<string, unknown>;
    }) => {
      const id = (JSON.parse(answer.text) as { id: string; userName: string }).id;
      const userName = (JSON.parse(answer.text) as { userName: string }).userName;
      // Sent together, without waiting for each other: the GET, a filter, and the list.
      const [byId, byFilter] = await Promise.all([
        tenant.scim.get(`/scim/v2/Users/${id}`),
        tenant.scim.get(`/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`),
      ]);
      expect(byId.text).toBe(answer.text);
      expect(byId.headers.etag).toBe(answer.headers.etag);
      expect((JSON.parse(byFilter.text) as { Resources: unknown[] }).Resources).toEqual([
        JSON.parse(answer.text),
      ]);
      return id;
    };

    const created = await tenant.scim.post('/scim/v2/Users', rich);
    expect(created.status).toBe(201);
    const id = await sameAsReads(created);
    const patched = await tenant.scim.patch(
      `/scim/v2/Users/${id}`,
      patchOp(
        { op: 'Replace', path: 'addresses[type eq "work"].locality', value: 'Campinas' },
        { op: 'Add', path: 'phoneNumbers[type eq "fax"].value', value: '+55 11 5555 0199' },
        { op: 'Replace', path: 'active', value: 'False' },
      ),
    );
    expect(patched.status).toBe(200);
    await sameAsReads(patched);
    const { id: _id, meta: _meta, ...body } = JSON.parse(patched.text) as Record<string, unknown>;
    const replaced = await tenant.scim.put(`/scim/v2/Users/${id}`, {
      ...body,
      active: true,
      title: 'Captain',
    });
    expect(replaced.status).toBe(200);
    await sameAsReads(replaced);
    // A write after it, at once: decided on the version the answers showed.
    const again = await tenant.scim.patch(
      `/scim/v2/Users/${id}`,
      patchOp({ op: 'Replace', path: 'title', value: 'Commander' }),
      { 'if-match': replaced.headers.etag as string },
    );
    expect(again.status).toBe(200);
    await sameAsReads(again);
  });

  it('a user created a moment ago is at once a manager, a group member, and in the admin API', async () => {
    const manager = await tenant.scim.post('/scim/v2/Users', entraUser({ displayName: 'Boss' }));
    const managerId = (manager.body as { id: string }).id;
    const report = await tenant.scim.post(
      '/scim/v2/Users',
      entraUser({ [ENTERPRISE]: { manager: { value: managerId } } }),
    );
    expect(report.status).toBe(201);
    expect((report.body as Record<string, { manager: unknown }>)[ENTERPRISE]!.manager).toMatchObject({
      value: managerId,
      displayName: 'Boss',
    });
    const renamed = await tenant.scim.patch(
      `/scim/v2/Users/${managerId}`,
      patchOp({ op: 'Replace', path: 'displayName', value: 'Big Boss' }),
    );
    expect(renamed.status).toBe(200);
    const reportId = (report.body as { id: string }).id;
    const read = await tenant.scim.get(`/scim/v2/Users/${reportId}`);
    expect(
      (read.body as Record<string, { manager: { displayName: string } }>)[ENTERPRISE]!.manager.displayName,
    ).toBe('Big Boss');
    const fresh = await tenant.scim.post('/scim/v2/Users', entraUser());
    const freshId = (fresh.body as { id: string }).id;
    const group = await createGroup(tenant, { members: [{ value: freshId }] });
    expect(group.members).toEqual([expect.objectContaining({ value: freshId })]);
    const portal = await running.admin.get(`/admin/v1/subscriptions/${tenant.name}/users/${freshId}`);
    expect(portal.status).toBe(200);
    expect(portal.text).toContain(freshId);
  });

  it('a path-less PATCH of the GET body with one field changed ignores its groups (readOnly); a groups path stays 400', async () => {
    const user = await provision(tenant);
    const group = await createGroup(tenant, { members: [{ value: user.id }] });
    const read = await getUser(tenant, user.id);
    expect(read.groups).toEqual([expect.objectContaining({ value: group.id })]);
    for (const op of ['replace', 'add']) {
      const title = `Title by ${op}`;
      const patched = await tenant.scim.patch(
        `/scim/v2/Users/${user.id}`,
        patchOp({ op, value: { ...read, title } }),
      );
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ title, groups: read.groups });
    }
    const explicit = await tenant.scim.patch(
      `/scim/v2/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'groups', value: [] }),
    );
    expectScimError(explicit, 400, 'mutability', /"groups" is read-only/);
    expect((await getUser(tenant, user.id)).groups).toEqual(read.groups);
  });

  it('a PATCH that changes nothing answers the user as it is, same version', async () => {
    const user = await provision(tenant, { title: 'Same' });
    const answer = await tenant.scim.patch(
      `/scim/v2/Users/${user.id}`,
      patchOp({ op: 'Replace', path: 'title', value: 'Same' }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(user);
    expect(answer.headers.etag).toBe(user.meta.version);
  });

  it('?attributes and ?excludedAttributes shape the answer, not what is stored', async () => {
    const created = await tenant.scim.post('/scim/v2/Users?attributes=userName', entraUser());
    expect(created.status).toBe(201);
    const answer = created.body as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual(['id', 'schemas', 'userName']);
    const stored = await getUser(tenant, String(answer.id));
    expect(stored.emails).toHaveLength(1);

    const patched = await tenant.scim.patch(
      `/scim/v2/Users/${String(answer.id)}?excludedAttributes=emails`,
      patchOp({ op: 'Replace', path: 'title', value: 'Navigator' }),
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Navigator' });
    expect((patched.body as Record<string, unknown>).emails).toBeUndefined();
  });

  it('POST /Groups with an unknown attribute in ?attributes is refused before the group is stored', async () => {
    const displayName = `Refused ${Date.now()}`;
    expectScimError(
      await tenant.scim.post('/scim/v2/Groups?attributes=favouriteColour', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName,
      }),
      400,
    );
    const found = await tenant.scim.get(`/scim/v2/Groups?${filterQuery(`displayName eq "${displayName}"`)}`);
    expect((found.body as { totalResults: number }).totalResults).toBe(0);
  });

  it('an unknown attribute in ?attributes is refused before anything is written', async () => {
    const user = entraUser();
    expectScimError(await tenant.scim.post('/scim/v2/Users?attributes=favouriteColour', user), 400);
    const found = await tenant.scim.get(
      `/scim/v2/Users?${filterQuery(`userName eq "${String(user.userName)}"`)}`,
    );
    expect((found.body as { totalResults: number }).totalResults).toBe(0);
  });
});
