import { RunningApp, startApp } from '../support/e2e-app';
import {
  EMPTY_LIST,
  LIST_RESPONSE_SCHEMA,
  SEARCH_REQUEST_SCHEMA,
  Tenant,
  createTenant,
  expectScimContentType,
  expectScimError,
  filterQuery,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import {
  ScimGroup,
  addMembers,
  createGroup,
  listGroups,
  memberIdsOf,
  patchGroup,
  provisionMany,
  sorted,
  uniqueGroupName,
} from '../support/scim-group-fixtures';
import { ListResponse } from '../support/scim-fixtures';

const ids = (list: ListResponse<ScimGroup>) => sorted(list.Resources.map((g) => g.id));

/** Group queries: Entra's eq matches and the rest of the filter grammar on groups. */
describe('SCIM /Groups: queries', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let users: string[];
  let sales: ScimGroup;
  let marketing: ScimGroup;
  let empty: ScimGroup;
  let nested: ScimGroup;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('grp-query'));
    users = await provisionMany(tenant, 4);
    sales = await createGroup(tenant, { displayName: uniqueGroupName('Sales'), externalId: 'ext-sales' });
    marketing = await createGroup(tenant, {
      displayName: uniqueGroupName('Marketing'),
      externalId: 'ext-marketing',
    });
    empty = await createGroup(tenant, { displayName: uniqueGroupName('Empty'), externalId: 'ext-empty' });
    nested = await createGroup(tenant, { displayName: uniqueGroupName('Nested') });
    await patchGroup(tenant, sales.id, addMembers([users[0], users[1]]));
    await patchGroup(tenant, marketing.id, addMembers([users[1], users[2]]));
    await patchGroup(tenant, nested.id, addMembers([sales.id]));
  });
  afterAll(async () => {
    await running?.close();
  });

  it('displayName eq, case-insensitively', async () => {
    for (const name of [sales.displayName, sales.displayName.toUpperCase()]) {
      const found = await listGroups(tenant, filterQuery(`displayName eq "${name}"`));
      expect(ids(found)).toEqual([sales.id]);
      expect(found).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 1, itemsPerPage: 1 });
    }
    expect(await listGroups(tenant, filterQuery('displayName eq "No Such Group"'))).toEqual(EMPTY_LIST);
  });

  it('a listed group carries its members unless excluded', async () => {
    const withMembers = await listGroups(tenant, filterQuery(`displayName eq "${sales.displayName}"`));
    expect(memberIdsOf(withMembers.Resources[0])).toEqual(sorted([users[0], users[1]]));
    const without = await listGroups(
      tenant,
      `${filterQuery(`displayName eq "${sales.displayName}"`)}&excludedAttributes=members`,
    );
    expect(without.Resources[0]).not.toHaveProperty('members');
    expect(without.Resources[0]).toMatchObject({ id: sales.id, externalId: 'ext-sales' });
  });

  it('externalId eq', async () => {
    expect(ids(await listGroups(tenant, filterQuery('externalId eq "ext-marketing"')))).toEqual([
      marketing.id,
    ]);
    expect(await listGroups(tenant, filterQuery('externalId eq "ext-nobody"'))).toEqual(EMPTY_LIST);
  });

  it('id eq', async () => {
    expect(ids(await listGroups(tenant, filterQuery(`id eq "${empty.id}"`)))).toEqual([empty.id]);
    expect(await listGroups(tenant, filterQuery('id eq "00000000-0000-4000-8000-000000000000"'))).toEqual(
      EMPTY_LIST,
    );
  });

  it('displayName eq and externalId eq (Entra combines with and)', async () => {
    const both = filterQuery(`displayName eq "${sales.displayName}" and externalId eq "ext-sales"`);
    expect(ids(await listGroups(tenant, both))).toEqual([sales.id]);
    const mismatch = filterQuery(`displayName eq "${sales.displayName}" and externalId eq "ext-marketing"`);
    expect(await listGroups(tenant, mismatch)).toEqual(EMPTY_LIST);
  });

  it('members[value eq "<userId>"] finds the groups a user is a direct member of', async () => {
    const query = (id: string) => `${filterQuery(`members[value eq "${id}"]`)}&excludedAttributes=members`;
    expect(ids(await listGroups(tenant, query(users[1])))).toEqual(sorted([sales.id, marketing.id]));
    expect(ids(await listGroups(tenant, query(users[0])))).toEqual([sales.id]);
    expect(ids(await listGroups(tenant, query(sales.id)))).toEqual([nested.id]);
    expect(await listGroups(tenant, query(users[3]))).toEqual(EMPTY_LIST);
  });

  it('members.value eq (the dotted form) as well', async () => {
    const found = await listGroups(tenant, filterQuery(`members.value eq "${users[2]}"`));
    expect(ids(found)).toEqual([marketing.id]);
  });

  it('members pr / not (members pr)', async () => {
    const present = await listGroups(tenant, `${filterQuery('members pr')}&excludedAttributes=members`);
    expect(ids(present)).toEqual(sorted([sales.id, marketing.id, nested.id]));
    const absent = await listGroups(tenant, `${filterQuery('not (members pr)')}&excludedAttributes=members`);
    expect(ids(absent)).toEqual([empty.id]);
  });

  it('a members filter and a displayName filter together', async () => {
    const query = filterQuery(
      `members[value eq "${users[1]}"] and displayName eq "${marketing.displayName}"`,
    );
    expect(ids(await listGroups(tenant, query))).toEqual([marketing.id]);
  });

  it('displayName sw, and or', async () => {
    const prefix = sales.displayName.slice(0, 6);
    expect(ids(await listGroups(tenant, filterQuery(`displayName sw "${prefix}"`)))).toContain(sales.id);
    const either = filterQuery(`externalId eq "ext-sales" or externalId eq "ext-empty"`);
    expect(ids(await listGroups(tenant, either))).toEqual(sorted([sales.id, empty.id]));
  });

  it('POST /Groups/.search takes the same filter and projection', async () => {
    const response = await tenant.scim.post('/scim/v2/Groups/.search', {
      schemas: [SEARCH_REQUEST_SCHEMA],
      filter: `members[value eq "${users[0]}"]`,
      excludedAttributes: ['members'],
      startIndex: 1,
      count: 10,
    });
    expect(response.status).toBe(200);
    expectScimContentType(response);
    const body = response.body as ListResponse<ScimGroup>;
    expect(ids(body)).toEqual([sales.id]);
    expect(body.Resources[0]).not.toHaveProperty('members');
    const byName = await tenant.scim.post('/scim/v2/Groups/.search', {
      schemas: [SEARCH_REQUEST_SCHEMA],
      filter: `displayName eq "${empty.displayName.toLowerCase()}"`,
    });
    expect(ids(byName.body as ListResponse<ScimGroup>)).toEqual([empty.id]);
  });

  it('pages with startIndex and count, echoing startIndex', async () => {
    const all = await listGroups(tenant, 'excludedAttributes=members');
    expect(all.totalResults).toBe(4);
    const page = await listGroups(tenant, 'excludedAttributes=members&startIndex=2&count=2');
    expect(page).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    const last = await listGroups(tenant, 'excludedAttributes=members&startIndex=4&count=2');
    expect(last).toMatchObject({ totalResults: 4, startIndex: 4, itemsPerPage: 1 });
    const seen = new Set([...page.Resources, ...last.Resources].map((g) => g.id));
    expect(seen.size).toBe(3);
  });

  it('attributes=displayName returns id and displayName only (plus schemas)', async () => {
    const found = await listGroups(tenant, `${filterQuery(`id eq "${sales.id}"`)}&attributes=displayName`);
    const group = found.Resources[0];
    expect(group).toMatchObject({ id: sales.id, displayName: sales.displayName });
    expect(group).not.toHaveProperty('members');
    expect(group).not.toHaveProperty('externalId');
  });

  it('an unknown query parameter (aadOptscim062020) is ignored', async () => {
    const found = await listGroups(
      tenant,
      `aadOptscim062020&excludedAttributes=members&${filterQuery(`displayName eq "${sales.displayName}"`)}`,
    );
    expect(ids(found)).toEqual([sales.id]);
  });

  it('an invalid filter is 400 invalidFilter', async () => {
    expectScimError(
      await tenant.scim.get(`/scim/v2/Groups?${filterQuery('displayName eq')}`),
      400,
      'invalidFilter',
    );
  });
});
