import { RunningApp, startApp } from '../support/e2e-app';
import {
  EMPTY_LIST,
  ScimUser,
  Tenant,
  createTenant,
  expectScimError,
  filterQuery,
  getUser,
  patchOp,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import {
  ScimGroup,
  addMembers,
  createGroup,
  entraGroup,
  getGroup,
  listGroups,
  memberIdsOf,
  patchGroup,
  uniqueGroupName,
} from '../support/scim-group-fixtures';

/** The token decides the subscription: X's token never sees or changes Y's groups. */
describe('SCIM /Groups: tenant isolation', () => {
  let running: RunningApp;
  let x: Tenant;
  let y: Tenant;
  let userOfX: ScimUser;
  let userOfY: ScimUser;
  let groupOfY: ScimGroup;
  let sharedName: string;

  beforeAll(async () => {
    running = await startApp();
    x = await createTenant(running, uniqueSubscriptionName('giso-x'));
    y = await createTenant(running, uniqueSubscriptionName('giso-y'));
    userOfX = await provision(x);
    userOfY = await provision(y);
    sharedName = uniqueGroupName('Shared');
    groupOfY = await createGroup(y, { displayName: sharedName, externalId: 'ext-y' });
    await patchGroup(y, groupOfY.id, addMembers([userOfY.id]));
  });
  afterAll(async () => {
    await running?.close();
  });

  it("GET of Y's group with X's token is 404, with or without members", async () => {
    expectScimError(await x.scim.get(`/scim/v2/Groups/${groupOfY.id}`), 404);
    expectScimError(await x.scim.get(`/scim/v2/Groups/${groupOfY.id}?excludedAttributes=members`), 404);
  });

  it("X's filters and lists never see Y's groups", async () => {
    const queries = [
      filterQuery(`displayName eq "${sharedName}"`),
      filterQuery('externalId eq "ext-y"'),
      filterQuery(`id eq "${groupOfY.id}"`),
      filterQuery(`members[value eq "${userOfY.id}"]`),
      filterQuery('members pr'),
      '',
    ];
    for (const query of queries) expect(await listGroups(x, query)).toEqual(EMPTY_LIST);
    const searched = await x.scim.post('/scim/v2/Groups/.search', { filter: `id eq "${groupOfY.id}"` });
    expect(searched.body).toEqual(EMPTY_LIST);
  });

  it("PATCH and DELETE of Y's group with X's token are 404 and change nothing", async () => {
    const url = `/scim/v2/Groups/${groupOfY.id}`;
    const before = (await getGroup(y, groupOfY.id)).meta.version;
    expectScimError(await x.scim.patch(url, patchOp(addMembers([userOfX.id]))), 404);
    expectScimError(
      await x.scim.patch(url, patchOp({ op: 'Replace', path: 'displayName', value: 'Hijacked' })),
      404,
    );
    expectScimError(await x.scim.patch(url, patchOp({ op: 'Remove', path: 'members' })), 404);
    expectScimError(await x.scim.put(url, entraGroup({ displayName: 'Hijacked' })), 404);
    expectScimError(await x.scim.delete(url), 404);
    const after = await getGroup(y, groupOfY.id);
    expect(after.displayName).toBe(sharedName);
    expect(after.meta.version).toBe(before);
    expect(memberIdsOf(after)).toEqual([userOfY.id]);
  });

  it("X cannot put Y's users or groups into its own groups (400)", async () => {
    const groupOfX = await createGroup(x);
    for (const foreign of [userOfY.id, groupOfY.id])
      expectScimError(
        await x.scim.patch(`/scim/v2/Groups/${groupOfX.id}`, patchOp(addMembers([foreign]))),
        400,
        'invalidValue',
      );
    expectScimError(
      await x.scim.post('/scim/v2/Groups', entraGroup({ members: [{ value: userOfY.id }] })),
      400,
      'invalidValue',
    );
    expect(memberIdsOf(await getGroup(x, groupOfX.id))).toEqual([]);
    expect((await getUser(y, userOfY.id)).groups).toEqual([
      expect.objectContaining({ value: groupOfY.id, type: 'direct' }),
    ]);
  });

  it("the same displayName in X is allowed, and X's rename or delete never frees Y's name", async () => {
    const groupOfX = await createGroup(x, { displayName: sharedName.toLowerCase() });
    await patchGroup(x, groupOfX.id, { op: 'Replace', path: 'displayName', value: uniqueGroupName('X') });
    expectScimError(
      await y.scim.post('/scim/v2/Groups', entraGroup({ displayName: sharedName })),
      409,
      'uniqueness',
    );
    expect((await x.scim.delete(`/scim/v2/Groups/${groupOfX.id}`)).status).toBe(204);
    expect((await getGroup(y, groupOfY.id, 'excludedAttributes=members')).displayName).toBe(sharedName);
  });

  it("X's token on Y's tenant host is refused (401)", async () => {
    expectScimError(await x.scim.get(`/scim/v2/Groups/${groupOfY.id}`, { host: y.host }), 401);
  });
});
