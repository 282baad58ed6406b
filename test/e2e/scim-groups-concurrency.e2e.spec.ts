import { RunningApp, startApp } from '../support/e2e-app';
import {
  EMPTY_LIST,
  Tenant,
  createTenant,
  filterQuery,
  patchOp,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import {
  addMembers,
  createGroup,
  getGroup,
  listGroups,
  membersOf,
  patchGroup,
  removeMembers,
  seedUsers,
  sorted,
} from '../support/scim-group-fixtures';

const CONCURRENT_PATCHES = 10;

/**
 * Concurrent changes: a group's changes are decided on the index snapshot and appended with its
 * revision (a conflict re-decides); changes spanning aggregates (nesting, deletions) must not
 * leave a cycle or a deleted member behind.
 */
describe('SCIM /Groups: concurrency', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let users: string[];

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('grp-conc'));
    users = await seedUsers(running, tenant, 300);
  });
  afterAll(async () => {
    await running?.close();
  });

  it(`${CONCURRENT_PATCHES} concurrent PATCHes adding different members all succeed, none lost`, async () => {
    const group = await createGroup(tenant);
    const batches = Array.from({ length: CONCURRENT_PATCHES }, (_, i) => users.slice(i * 20, i * 20 + 20));
    const responses = await Promise.all(
      batches.map((batch) => tenant.scim.patch(`/scim/v2/Groups/${group.id}`, patchOp(addMembers(batch)))),
    );
    expect(responses.map((r) => `${r.status} ${r.text}`)).toEqual(
      Array.from({ length: CONCURRENT_PATCHES }, () => '204 '),
    );
    expect(await membersOf(tenant, group.id)).toEqual(sorted(batches.flat()));
    // Each PATCH wrote exactly once: creation (revision 0) + one event per PATCH.
    const version = (await getGroup(tenant, group.id, 'excludedAttributes=members')).meta.version;
    expect(version).toBe(`W/"${CONCURRENT_PATCHES}"`);
  });

  it('50 concurrent PATCHes of one group, adding and removing different members, compose', async () => {
    const group = await createGroup(tenant);
    await patchGroup(tenant, group.id, addMembers(users.slice(0, 50)));
    const toRemove = users.slice(0, 25);
    const toAdd = users.slice(50, 75);
    const url = `/scim/v2/Groups/${group.id}`;
    const responses = await Promise.all([
      ...toRemove.map((id) => tenant.scim.patch(url, patchOp(removeMembers([id])))),
      ...toAdd.map((id) => tenant.scim.patch(url, patchOp(addMembers([id])))),
    ]);
    expect(responses.filter((r) => r.status !== 204).map((r) => r.text)).toEqual([]);
    expect(await membersOf(tenant, group.id)).toEqual(sorted([...users.slice(25, 50), ...toAdd]));
  });

  it('concurrent PATCHes of many groups adding the same users all succeed', async () => {
    const groups = await Promise.all(Array.from({ length: 10 }, () => createGroup(tenant)));
    const responses = await Promise.all(
      groups.map((g) => tenant.scim.patch(`/scim/v2/Groups/${g.id}`, patchOp(addMembers(users.slice(0, 2))))),
    );
    expect(responses.map((r) => r.status)).toEqual(groups.map(() => 204));
    for (const g of groups) expect(await membersOf(tenant, g.id)).toEqual(sorted(users.slice(0, 2)));
  });

  it('a user deleted while PATCHes add it to groups is in no group afterwards', async () => {
    const groups = await Promise.all(Array.from({ length: 12 }, () => createGroup(tenant)));
    for (let round = 0; round < 3; round++) {
      const user = await provision(tenant);
      const add = (id: string) => tenant.scim.patch(`/scim/v2/Groups/${id}`, patchOp(addMembers([user.id])));
      const responses = await Promise.all([
        ...groups.slice(0, 6).map((g) => add(g.id)),
        tenant.scim.delete(`/scim/v2/Users/${user.id}`),
        ...groups.slice(6).map((g) => add(g.id)),
      ]);
      // Each add either happened before the deletion (204) or found the user gone (400).
      expect(responses.filter((r) => ![204, 400].includes(r.status)).map((r) => r.text)).toEqual([]);
      expect(responses[6].status).toBe(204);
      for (const g of groups) expect(await membersOf(tenant, g.id)).not.toContain(user.id);
      expect(await listGroups(tenant, filterQuery(`members[value eq "${user.id}"]`))).toEqual(EMPTY_LIST);
    }
    // The groups' index agrees: the deleted user counts as no member (removing it changes nothing).
    for (const g of groups) {
      const before = (await getGroup(tenant, g.id, 'excludedAttributes=members')).meta.version;
      await patchGroup(tenant, g.id, addMembers([users[0]]));
      expect(await membersOf(tenant, g.id)).toEqual([users[0]]);
      expect((await getGroup(tenant, g.id, 'excludedAttributes=members')).meta.version).not.toBe(before);
    }
  });

  it('a group deleted while PATCHes add it to other groups is in no group afterwards', async () => {
    const parents = await Promise.all(Array.from({ length: 8 }, () => createGroup(tenant)));
    const child = await createGroup(tenant);
    const add = (id: string) => tenant.scim.patch(`/scim/v2/Groups/${id}`, patchOp(addMembers([child.id])));
    const responses = await Promise.all([
      ...parents.slice(0, 4).map((p) => add(p.id)),
      tenant.scim.delete(`/scim/v2/Groups/${child.id}`),
      ...parents.slice(4).map((p) => add(p.id)),
    ]);
    expect(responses.filter((r) => ![204, 400].includes(r.status)).map((r) => r.text)).toEqual([]);
    for (const p of parents) expect(await membersOf(tenant, p.id)).toEqual([]);
    expect(await listGroups(tenant, filterQuery(`members[value eq "${child.id}"]`))).toEqual(EMPTY_LIST);
  });

  it('A into B and B into A at the same time: one succeeds, the other is refused, no cycle', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await createGroup(tenant);
      const b = await createGroup(tenant);
      const [intoA, intoB] = await Promise.all([
        tenant.scim.patch(`/scim/v2/Groups/${a.id}`, patchOp(addMembers([b.id]))),
        tenant.scim.patch(`/scim/v2/Groups/${b.id}`, patchOp(addMembers([a.id]))),
      ]);
      expect(sorted([String(intoA.status), String(intoB.status)])).toEqual(['204', '400']);
      const aHasB = (await membersOf(tenant, a.id)).includes(b.id);
      const bHasA = (await membersOf(tenant, b.id)).includes(a.id);
      expect([aHasB, bHasA].filter(Boolean)).toHaveLength(1);
    }
  });

  it('a ring closed from both ends at once (C into A while A into B, B in C) makes no cycle', async () => {
    const [a, b, c] = [await createGroup(tenant), await createGroup(tenant), await createGroup(tenant)];
    await patchGroup(tenant, c.id, addMembers([b.id]));
    const responses = await Promise.all([
      tenant.scim.patch(`/scim/v2/Groups/${b.id}`, patchOp(addMembers([a.id]))),
      tenant.scim.patch(`/scim/v2/Groups/${a.id}`, patchOp(addMembers([c.id]))),
    ]);
    expect(sorted(responses.map((r) => String(r.status)))).toEqual(['204', '400']);
    const edges = [
      (await membersOf(tenant, b.id)).includes(a.id),
      (await membersOf(tenant, a.id)).includes(c.id),
    ];
    expect(edges.filter(Boolean)).toHaveLength(1);
  });
});
