import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  LIST_RESPONSE_SCHEMA,
  ListResponse,
  SEARCH_REQUEST_SCHEMA,
  ScimUser,
  Tenant,
  USER_SCHEMA,
  createTenant,
  entraUser,
  expectScimContentType,
  filterQuery,
  listUsers,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/** Entra's matching queries (eq, and) and the list parameters of RFC 7644 3.4.2. */
describe('SCIM /Users: matching, pagination, sorting and projection', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let users: ScimUser[];
  const ids = (list: ListResponse) => list.Resources.map((u) => u.id);
  const byName = (a: ScimUser, b: ScimUser) => (a.userName.toLowerCase() < b.userName.toLowerCase() ? -1 : 1);

  beforeAll(async () => {
    running = await startApp();
    // A tenant of its own, so totals are exact.
    tenant = await createTenant(running, uniqueSubscriptionName('query'));
    users = [];
    // 25 users created in an order unrelated to their userName, with mixed-case names.
    for (let i = 0; i < 25; i++) {
      const n = (i * 7) % 25;
      const userName = `${n % 2 ? 'User' : 'user'}${String(n).padStart(2, '0')}@Contoso.test`;
      users.push(
        await provision(tenant, {
          userName,
          externalId: `ext-${n}`,
          emails: [
            { type: 'work', primary: true, value: `work${n}@contoso.test` },
            { type: 'home', value: `home${n}@example.test` },
          ],
        }),
      );
    }
  });
  afterAll(async () => {
    await running?.close();
  });

  const user = (n: number) => users.find((u) => u.externalId === `ext-${n}`)!;

  describe('matching (Entra: eq and and)', () => {
    it('matches userName case-insensitively', async () => {
      for (const name of ['user04@contoso.test', 'USER04@CONTOSO.TEST', 'User04@Contoso.test']) {
        const list = await listUsers(tenant, filterQuery(`userName eq "${name}"`));
        expect({ name, ids: ids(list), total: list.totalResults }).toEqual({
          name,
          ids: [user(4).id],
          total: 1,
        });
      }
      const attributeCase = await listUsers(tenant, filterQuery('UserName EQ "user04@contoso.test"'));
      expect(ids(attributeCase)).toEqual([user(4).id]);
    });

    it('matches userName whatever the surrounding spaces, as it is stored and reserved without them', async () => {
      // A user sent with spaces is stored (and unique) without them; Entra then matches on the
      // value it sent: finding nothing, it would create it again and get 409 forever.
      for (const name of [' user04@contoso.test', 'USER04@contoso.test  ', '\tuser04@contoso.test ']) {
        const list = await listUsers(tenant, filterQuery(`userName eq "${name.replace(/\t/g, '\\t')}"`));
        expect({ name, ids: ids(list) }).toEqual({ name, ids: [user(4).id] });
      }
      const posted = await tenant.scim.post(
        '/scim/v2/Users',
        entraUser({ userName: '  spaced@contoso.test ' }),
      );
      expect(posted.status).toBe(201);
      const found = await listUsers(tenant, filterQuery('userName eq "  spaced@contoso.test "'));
      expect(ids(found)).toEqual([(posted.body as ScimUser).id]);
      await tenant.scim.delete(`/scim/v2/Users/${(posted.body as ScimUser).id}`);
    });

    it('matches externalId (case-exact)', async () => {
      expect(ids(await listUsers(tenant, filterQuery('externalId eq "ext-7"')))).toEqual([user(7).id]);
      expect((await listUsers(tenant, filterQuery('externalId eq "EXT-7"'))).totalResults).toBe(0);
    });

    it('matches emails[type eq "work"].value, and not a home address', async () => {
      const list = await listUsers(
        tenant,
        filterQuery('emails[type eq "work"].value eq "work9@contoso.test"'),
      );
      expect(ids(list)).toEqual([user(9).id]);
      const home = await listUsers(
        tenant,
        filterQuery('emails[type eq "work"].value eq "home9@example.test"'),
      );
      expect(home.totalResults).toBe(0);
      expect(ids(await listUsers(tenant, filterQuery('emails.value eq "home9@example.test"')))).toEqual([
        user(9).id,
      ]);
    });

    it('matches id', async () => {
      expect(ids(await listUsers(tenant, filterQuery(`id eq "${user(3).id}"`)))).toEqual([user(3).id]);
    });

    it('combines with and', async () => {
      const both = await listUsers(
        tenant,
        filterQuery('userName eq "user12@contoso.test" and externalId eq "ext-12"'),
      );
      expect(ids(both)).toEqual([user(12).id]);
      const mismatch = await listUsers(
        tenant,
        filterQuery('userName eq "user12@contoso.test" and externalId eq "ext-13"'),
      );
      expect(mismatch).toEqual({
        schemas: [LIST_RESPONSE_SCHEMA],
        totalResults: 0,
        Resources: [],
        startIndex: 1,
        itemsPerPage: 0,
      });
      const three = await listUsers(
        tenant,
        filterQuery(
          'userName eq "user12@contoso.test" and emails[type eq "work"].value eq "work12@contoso.test" and active eq true',
        ),
      );
      expect(ids(three)).toEqual([user(12).id]);
    });

    it('supports the rest of the grammar for other clients (or, sw, co, pr, not, parentheses)', async () => {
      const or = await listUsers(tenant, filterQuery('externalId eq "ext-1" or externalId eq "ext-2"'));
      expect(ids(or).sort()).toEqual([user(1).id, user(2).id].sort());
      expect((await listUsers(tenant, filterQuery('userName sw "USER1"'))).totalResults).toBe(10);
      expect((await listUsers(tenant, filterQuery('userName co "r2"'))).totalResults).toBe(5);
      expect((await listUsers(tenant, filterQuery('externalId pr'))).totalResults).toBe(25);
      expect(
        (await listUsers(tenant, filterQuery('not (userName sw "user1") and active eq true'))).totalResults,
      ).toBe(15);
    });
  });

  describe('pagination', () => {
    it('pages with startIndex and count, echoing startIndex and reporting itemsPerPage', async () => {
      const seen: string[] = [];
      for (const startIndex of [1, 11, 21]) {
        const page = await listUsers(tenant, `startIndex=${startIndex}&count=10&sortBy=userName`);
        expect(page).toMatchObject({
          schemas: [LIST_RESPONSE_SCHEMA],
          totalResults: 25,
          startIndex,
          itemsPerPage: startIndex === 21 ? 5 : 10,
        });
        expect(page.Resources).toHaveLength(page.itemsPerPage);
        seen.push(...ids(page));
      }
      expect(seen).toEqual([...users].sort(byName).map((u) => u.id));
    });

    it('pages without sortBy in a stable order that covers everyone once', async () => {
      const first = await listUsers(tenant, 'startIndex=1&count=13');
      const second = await listUsers(tenant, 'startIndex=14&count=13');
      const all = [...ids(first), ...ids(second)];
      expect(second.itemsPerPage).toBe(12);
      expect(new Set(all).size).toBe(25);
    });

    it('handles count=0, a startIndex past the end and out-of-range values', async () => {
      expect(await listUsers(tenant, 'count=0')).toEqual({
        schemas: [LIST_RESPONSE_SCHEMA],
        totalResults: 25,
        Resources: [],
        startIndex: 1,
        itemsPerPage: 0,
      });
      const past = await listUsers(tenant, 'startIndex=100&count=10');
      expect(past).toMatchObject({ totalResults: 25, Resources: [], startIndex: 100, itemsPerPage: 0 });
      const low = await listUsers(tenant, 'startIndex=0&count=-5');
      expect(low).toMatchObject({ totalResults: 25, startIndex: 1, itemsPerPage: 0 });
      const defaults = await listUsers(tenant, '');
      expect(defaults).toMatchObject({ totalResults: 25, startIndex: 1, itemsPerPage: 25 });
    });

    it('pages a filtered result', async () => {
      const page = await listUsers(
        tenant,
        `${filterQuery('userName sw "user1"')}&startIndex=6&count=3&sortBy=userName`,
      );
      expect(page).toMatchObject({ totalResults: 10, startIndex: 6, itemsPerPage: 3 });
      expect(page.Resources.map((u) => u.userName.toLowerCase())).toEqual([
        'user15@contoso.test',
        'user16@contoso.test',
        'user17@contoso.test',
      ]);
    });
  });

  describe('sorting', () => {
    it('sorts by userName ascending (default) and descending, case-insensitively', async () => {
      const ascending = [...users].sort(byName).map((u) => u.id);
      expect(ids(await listUsers(tenant, 'sortBy=userName'))).toEqual(ascending);
      expect(ids(await listUsers(tenant, 'sortBy=userName&sortOrder=ascending'))).toEqual(ascending);
      expect(ids(await listUsers(tenant, 'sortBy=userName&sortOrder=descending'))).toEqual(
        [...ascending].reverse(),
      );
    });

    it('sorts by externalId descending', async () => {
      const sorted = await listUsers(tenant, 'sortBy=externalId&sortOrder=descending&count=3');
      expect(sorted.Resources.map((u) => u.externalId)).toEqual(['ext-9', 'ext-8', 'ext-7']);
    });
  });

  describe('attributes and excludedAttributes', () => {
    it('attributes=userName returns userName, id and schemas only', async () => {
      const list = await listUsers(tenant, `attributes=userName&${filterQuery('externalId eq "ext-5"')}`);
      expect(list.Resources).toEqual([
        // No enterprise attribute in the answer: its URN is not listed (RFC 7643 3).
        { schemas: [USER_SCHEMA], id: user(5).id, userName: user(5).userName },
      ]);
    });

    it('attributes on GET by id, with sub-attributes', async () => {
      const response = await tenant.scim.get(
        `/scim/v2/Users/${user(5).id}?attributes=userName,name.givenName,emails.value`,
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        schemas: expect.any(Array),
        id: user(5).id,
        userName: user(5).userName,
        name: { givenName: 'givenName' },
        emails: [{ value: 'work5@contoso.test' }, { value: 'home5@example.test' }],
      });
    });

    it('excludedAttributes=emails drops emails and keeps the rest', async () => {
      const list = await listUsers(
        tenant,
        `excludedAttributes=emails&${filterQuery('externalId eq "ext-5"')}`,
      );
      const { emails: _emails, ...rest } = user(5);
      expect(list.Resources).toEqual([rest]);
      const one = await tenant.scim.get(`/scim/v2/Users/${user(5).id}?excludedAttributes=emails,name`);
      expect(one.body).not.toHaveProperty('emails');
      expect(one.body).not.toHaveProperty('name');
      expect(one.body).toMatchObject({ id: user(5).id, userName: user(5).userName });
    });

    it("an extension's URN names the whole extension in attributes and excludedAttributes", async () => {
      const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
      const full = (await tenant.scim.get(`/scim/v2/Users/${user(5).id}`)).body as Record<string, unknown>;
      expect(full).toHaveProperty([urn]);
      const without = await tenant.scim.get(`/scim/v2/Users/${user(5).id}?excludedAttributes=${urn}`);
      expect(without.status).toBe(200);
      const { [urn]: _extension, ...rest } = full;
      expect(without.body).toEqual({ ...rest, schemas: [USER_SCHEMA] });
      const only = await listUsers(tenant, `attributes=${urn}&${filterQuery('externalId eq "ext-5"')}`);
      expect(only.Resources).toEqual([{ schemas: full.schemas, id: user(5).id, [urn]: full[urn] }]);
    });

    it('excludedAttributes cannot remove id or schemas (returned: always)', async () => {
      const list = await listUsers(
        tenant,
        `excludedAttributes=id,schemas,userName&${filterQuery('externalId eq "ext-5"')}`,
      );
      expect(list.Resources[0]).toMatchObject({ id: user(5).id, schemas: expect.any(Array) });
    });
  });

  describe('POST /Users/.search', () => {
    const search = async (body: Record<string, unknown>) => {
      const response = await tenant.scim.post('/scim/v2/Users/.search', {
        schemas: [SEARCH_REQUEST_SCHEMA],
        ...body,
      });
      expect(response.status).toBe(200);
      expectScimContentType(response);
      return response.body as ListResponse;
    };

    it('matches like GET: filter, pagination, sort, attributes, excludedAttributes', async () => {
      expect(ids(await search({ filter: 'userName eq "USER04@contoso.test"' }))).toEqual([user(4).id]);
      expect(ids(await search({ filter: 'emails[type eq "work"].value eq "work9@contoso.test"' }))).toEqual([
        user(9).id,
      ]);
      const page = await search({ startIndex: 11, count: 10, sortBy: 'userName', sortOrder: 'descending' });
      expect(page).toMatchObject({ totalResults: 25, startIndex: 11, itemsPerPage: 10 });
      expect(ids(page)).toEqual(
        [...users]
          .sort(byName)
          .reverse()
          .slice(10, 20)
          .map((u) => u.id),
      );
      const projected = await search({ filter: 'externalId eq "ext-5"', attributes: ['userName'] });
      expect(projected.Resources).toEqual([
        { schemas: expect.any(Array), id: user(5).id, userName: user(5).userName },
      ]);
      const excluded = await search({ filter: 'externalId eq "ext-5"', excludedAttributes: ['emails'] });
      expect(excluded.Resources[0]).not.toHaveProperty('emails');
      expect(excluded.Resources[0]).toHaveProperty('userName');
    });

    it('answers the empty ListResponse for no match', async () => {
      expect(await search({ filter: 'userName eq "nobody@contoso.test"' })).toEqual({
        schemas: [LIST_RESPONSE_SCHEMA],
        totalResults: 0,
        Resources: [],
        startIndex: 1,
        itemsPerPage: 0,
      });
    });
  });
});
