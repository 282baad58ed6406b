import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  EMPTY_LIST,
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
  membersOf,
  patchGroup,
  provisionMany,
  removeMemberByPath,
  removeMembers,
  sorted,
  uniqueGroupName,
  versionOf,
} from '../support/scim-group-fixtures';

const UNKNOWN = '00000000-0000-4000-8000-00000000dead';

/** The business rules of groups: unique names, known members only, no cycles, memberships cleaned up. */
describe('SCIM /Groups: rules', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let other: Tenant;
  let users: string[];

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('grp-rules'));
    other = await createTenant(running, uniqueSubscriptionName('grp-rules-b'));
    users = await provisionMany(tenant, 6);
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('displayName is unique per subscription, case-insensitively', () => {
    it('refuses a second create with the same name in any case (409 uniqueness)', async () => {
      const name = uniqueGroupName('Sales');
      const first = await createGroup(tenant, { displayName: name });
      for (const again of [name, name.toUpperCase(), name.toLowerCase()])
        expectScimError(
          await tenant.scim.post('/scim/v2/Groups', entraGroup({ displayName: again })),
          409,
          'uniqueness',
        );
      const all = await listGroups(tenant, filterQuery(`displayName eq "${name}"`));
      expect(all.Resources.map((g) => g.id)).toEqual([first.id]);
    });

    it('compares beyond ASCII case-insensitively too (Ärzte / ÄRZTE / ärzte)', async () => {
      const name = uniqueGroupName('Ärzte-Öl');
      const group = await createGroup(tenant, { displayName: name });
      expectScimError(
        await tenant.scim.post('/scim/v2/Groups', entraGroup({ displayName: name.toLowerCase() })),
        409,
        'uniqueness',
      );
      for (const asked of [name.toUpperCase(), name.toLowerCase()]) {
        const found = await listGroups(tenant, filterQuery(`displayName eq "${asked}"`));
        expect(found.Resources.map((g) => g.id)).toEqual([group.id]);
      }
    });

    it('the same name in another subscription is fine', async () => {
      const name = uniqueGroupName('Shared');
      const mine = await createGroup(tenant, { displayName: name });
      const created = await other.scim.post(
        '/scim/v2/Groups',
        entraGroup({ displayName: name.toUpperCase() }),
      );
      expect(created.status).toBe(201);
      const theirs = created.body as ScimGroup;
      expect(theirs.displayName).toBe(name.toUpperCase());
      const listed = await listGroups(other, filterQuery(`displayName eq "${name}"`));
      expect(listed.Resources.map((g) => g.id)).toEqual([theirs.id]);
      const own = await listGroups(tenant, filterQuery(`displayName eq "${name}"`));
      expect(own.Resources.map((g) => g.id)).toEqual([mine.id]);
    });

    it('refuses a rename onto a taken name (409 uniqueness) and keeps the old name', async () => {
      const taken = await createGroup(tenant);
      const group = await createGroup(tenant);
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp({ op: 'Replace', path: 'displayName', value: taken.displayName.toUpperCase() }),
      );
      expectScimError(response, 409, 'uniqueness');
      expect((await getGroup(tenant, group.id)).displayName).toBe(group.displayName);
    });

    it('a refused rename applies nothing else of its request', async () => {
      const taken = await createGroup(tenant);
      const group = await createGroup(tenant);
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp(addMembers([users[0]]), { op: 'Replace', path: 'displayName', value: taken.displayName }),
      );
      expectScimError(response, 409, 'uniqueness');
      expect(await membersOf(tenant, group.id)).toEqual([]);
    });

    it('renaming only the case of its own name is allowed', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, {
        op: 'Replace',
        path: 'displayName',
        value: group.displayName.toUpperCase(),
      });
      expect((await getGroup(tenant, group.id)).displayName).toBe(group.displayName.toUpperCase());
    });

    it('frees the name after a delete', async () => {
      const group = await createGroup(tenant);
      expect((await tenant.scim.delete(`/scim/v2/Groups/${group.id}`)).status).toBe(204);
      const again = await createGroup(tenant, { displayName: group.displayName.toLowerCase() });
      expect(again.id).not.toBe(group.id);
    });

    it('frees the old name after a rename, and takes the new one', async () => {
      const group = await createGroup(tenant);
      const renamed = uniqueGroupName('Renamed');
      await patchGroup(tenant, group.id, { op: 'Replace', path: 'displayName', value: renamed });
      const reused = await createGroup(tenant, { displayName: group.displayName });
      expect(reused.id).not.toBe(group.id);
      expectScimError(
        await tenant.scim.post('/scim/v2/Groups', entraGroup({ displayName: renamed })),
        409,
        'uniqueness',
      );
    });

    it('concurrent creates of one name: exactly one wins', async () => {
      const name = uniqueGroupName('Race');
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          tenant.scim.post('/scim/v2/Groups', entraGroup({ displayName: name })),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      expect((await listGroups(tenant, filterQuery(`displayName eq "${name}"`))).totalResults).toBe(1);
    });
  });

  describe('members must be users or groups of the subscription', () => {
    it('refuses unknown member ids with 400 invalidValue naming them', async () => {
      const group = await createGroup(tenant);
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp(addMembers([users[0], UNKNOWN])),
      );
      expectScimError(response, 400, 'invalidValue', new RegExp(UNKNOWN));
      expect((response.body as { detail: string }).detail).not.toContain(users[0]);
      expect(await membersOf(tenant, group.id)).toEqual([]);
    });

    it('applies NOTHING of a request with an unknown member: not the valid add, rename or removal', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers([users[1]]));
      const before = await versionOf(tenant, group.id);
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp(
          addMembers([users[0]]),
          removeMembers([users[1]]),
          { op: 'Replace', path: 'displayName', value: uniqueGroupName('Nope') },
          addMembers([UNKNOWN]),
        ),
      );
      expectScimError(response, 400, 'invalidValue', new RegExp(UNKNOWN));
      const after = await getGroup(tenant, group.id);
      expect(after.displayName).toBe(group.displayName);
      expect(after.meta.version).toBe(before);
      expect(await membersOf(tenant, group.id)).toEqual([users[1]]);
    });

    it('refuses a create with unknown members: 400, no group, the name stays free', async () => {
      const name = uniqueGroupName('Ghosts');
      const response = await tenant.scim.post(
        '/scim/v2/Groups',
        entraGroup({ displayName: name, members: [{ value: users[0] }, { value: UNKNOWN }] }),
      );
      expectScimError(response, 400, 'invalidValue', new RegExp(UNKNOWN));
      expect(await listGroups(tenant, filterQuery(`displayName eq "${name}"`))).toEqual(EMPTY_LIST);
      await createGroup(tenant, { displayName: name });
    });

    it('refuses a Replace of members with an unknown id, keeping the members', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers([users[0]]));
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp({ op: 'replace', path: 'members', value: [{ value: users[1] }, { value: UNKNOWN }] }),
      );
      expectScimError(response, 400, 'invalidValue');
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
    });

    it("refuses a user or group of another subscription (400), as if it didn't exist", async () => {
      const group = await createGroup(tenant);
      const foreignUser = await provision(other);
      const foreignGroup = await createGroup(other);
      for (const foreign of [foreignUser.id, foreignGroup.id]) {
        const response = await tenant.scim.patch(
          `/scim/v2/Groups/${group.id}`,
          patchOp(addMembers([foreign])),
        );
        expectScimError(response, 400, 'invalidValue', new RegExp(foreign));
      }
      expect(await membersOf(tenant, group.id)).toEqual([]);
      expect((await getUser(other, foreignUser.id)).groups).toBeUndefined();
    });

    it('a deleted user cannot be added', async () => {
      const user = await provision(tenant);
      expect((await tenant.scim.delete(`/scim/v2/Users/${user.id}`)).status).toBe(204);
      const group = await createGroup(tenant);
      expectScimError(
        await tenant.scim.patch(`/scim/v2/Groups/${group.id}`, patchOp(addMembers([user.id]))),
        400,
        'invalidValue',
      );
    });
  });

  describe('idempotent membership changes', () => {
    it('adding a present member answers 204 and changes nothing (version unchanged)', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 2)));
      const before = await versionOf(tenant, group.id);
      const response = await patchGroup(tenant, group.id, addMembers([users[0]]));
      expect(response.headers.etag).toBe(before);
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 2)), addMembers([users[1]]));
      expect(await versionOf(tenant, group.id)).toBe(before);
      expect(await membersOf(tenant, group.id)).toEqual(sorted(users.slice(0, 2)));
    });

    it('removing an absent member answers 204 and changes nothing, in both forms', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers([users[0]]));
      const before = await versionOf(tenant, group.id);
      await patchGroup(tenant, group.id, removeMembers([users[3]]));
      await patchGroup(tenant, group.id, removeMemberByPath(users[4]));
      // An id that is no user at all: Entra removes members that may already be gone.
      await patchGroup(tenant, group.id, removeMembers([UNKNOWN]));
      expect(await versionOf(tenant, group.id)).toBe(before);
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
    });

    it('a member listed twice in one add is added once', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers([users[0], users[0]]), addMembers([users[0]]));
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
    });

    it('a Replace of members with the current list changes nothing', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 2)));
      const before = await versionOf(tenant, group.id);
      await patchGroup(tenant, group.id, {
        op: 'replace',
        path: 'members',
        value: [{ value: users[1] }, { value: users[0] }],
      });
      expect(await versionOf(tenant, group.id)).toBe(before);
    });

    it('a Replace of displayName with the current name changes nothing', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, { op: 'Replace', path: 'displayName', value: group.displayName });
      expect(await versionOf(tenant, group.id)).toBe(group.meta.version);
    });
  });

  describe('deletions leave every group', () => {
    it('deleting a user removes it from every group and from members[value eq] filters', async () => {
      const [leaving, staying] = [await provision(tenant), await provision(tenant)];
      const g1 = await createGroup(tenant);
      const g2 = await createGroup(tenant);
      await patchGroup(tenant, g1.id, addMembers([leaving.id, staying.id]));
      await patchGroup(tenant, g2.id, addMembers([leaving.id]));
      const query = filterQuery(`members[value eq "${leaving.id}"]`);
      expect((await listGroups(tenant, `${query}&excludedAttributes=members`)).totalResults).toBe(2);

      expect((await tenant.scim.delete(`/scim/v2/Users/${leaving.id}`)).status).toBe(204);
      expect(await membersOf(tenant, g1.id)).toEqual([staying.id]);
      expect(await membersOf(tenant, g2.id)).toEqual([]);
      expect(await listGroups(tenant, query)).toEqual(EMPTY_LIST);
      // The groups still accept changes afterwards (their stream took the removal).
      await patchGroup(tenant, g1.id, addMembers([users[0]]));
      expect(await membersOf(tenant, g1.id)).toEqual(sorted([staying.id, users[0]]));
    });

    it('deleting a group removes it from its parent groups', async () => {
      const user = await provision(tenant);
      const parent = await createGroup(tenant);
      const child = await createGroup(tenant);
      await patchGroup(tenant, parent.id, addMembers([child.id, user.id]));
      await patchGroup(tenant, child.id, addMembers([user.id]));
      expect(await membersOf(tenant, parent.id)).toEqual(sorted([child.id, user.id]));
      expect((await tenant.scim.delete(`/scim/v2/Groups/${child.id}`)).status).toBe(204);
      expect(await membersOf(tenant, parent.id)).toEqual([user.id]);
      expect(await listGroups(tenant, filterQuery(`members[value eq "${child.id}"]`))).toEqual(EMPTY_LIST);
      expect((await getUser(tenant, user.id)).groups).toEqual([
        expect.objectContaining({ value: parent.id, type: 'direct' }),
      ]);
      // The parent still accepts changes afterwards (its stream took the removal).
      await patchGroup(tenant, parent.id, removeMembers([user.id]));
      expect(await membersOf(tenant, parent.id)).toEqual([]);
    });
  });

  describe('nesting', () => {
    it('a user in A, A in B: GET /Users shows A direct and B indirect', async () => {
      const user = await provision(tenant);
      const a = await createGroup(tenant, { displayName: uniqueGroupName('A') });
      const b = await createGroup(tenant, { displayName: uniqueGroupName('B') });
      await patchGroup(tenant, b.id, addMembers([a.id]));
      await patchGroup(tenant, a.id, addMembers([user.id]));
      const groups = (await getUser(tenant, user.id)).groups as {
        value: string;
        display: string;
        type: string;
        $ref: string;
      }[];
      expect(sorted(groups.map((g) => `${g.value}:${g.type}:${g.display}`))).toEqual(
        sorted([`${a.id}:direct:${a.displayName}`, `${b.id}:indirect:${b.displayName}`]),
      );
      for (const g of groups) expect(g.$ref).toMatch(new RegExp(`/scim/v2/Groups/${g.value}$`));
      const members = (await getGroup(tenant, b.id)).members;
      expect(members).toEqual([
        {
          value: a.id,
          type: 'Group',
          $ref: expect.stringMatching(new RegExp(`/scim/v2/Groups/${a.id}$`)),
          display: a.displayName,
        },
      ]);
      // The user is a direct member of A only: members[value eq] matches direct memberships.
      const byMember = await listGroups(
        tenant,
        `${filterQuery(`members[value eq "${user.id}"]`)}&excludedAttributes=members`,
      );
      expect(byMember.Resources.map((g) => g.id)).toEqual([a.id]);
      // excludedAttributes=groups leaves them out
      const bare = await tenant.scim.get(`/scim/v2/Users/${user.id}?excludedAttributes=groups`);
      expect(bare.body).not.toHaveProperty('groups');
    });

    it('a renamed group shows its new name in the users’ groups', async () => {
      const user = await provision(tenant);
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers([user.id]));
      const name = uniqueGroupName('NewName');
      await patchGroup(tenant, group.id, { op: 'Replace', path: 'displayName', value: name });
      expect((await getUser(tenant, user.id)).groups).toEqual([
        expect.objectContaining({ value: group.id, display: name, type: 'direct' }),
      ]);
    });

    it('a group cannot be a member of itself (400), by PATCH or by replace', async () => {
      const group = await createGroup(tenant);
      expectScimError(
        await tenant.scim.patch(`/scim/v2/Groups/${group.id}`, patchOp(addMembers([group.id]))),
        400,
        'invalidValue',
      );
      expectScimError(
        await tenant.scim.patch(
          `/scim/v2/Groups/${group.id}`,
          patchOp({ op: 'replace', path: 'members', value: [{ value: group.id }] }),
        ),
        400,
        'invalidValue',
      );
      expect(await membersOf(tenant, group.id)).toEqual([]);
    });

    it('refuses a cycle: B into A when A is in B, and C into A when A is in B is in C', async () => {
      const a = await createGroup(tenant);
      const b = await createGroup(tenant);
      const c = await createGroup(tenant);
      await patchGroup(tenant, b.id, addMembers([a.id]));
      await patchGroup(tenant, c.id, addMembers([b.id]));
      const direct = await tenant.scim.patch(`/scim/v2/Groups/${a.id}`, patchOp(addMembers([b.id])));
      expectScimError(direct, 400, 'invalidValue');
      const deep = await tenant.scim.patch(
        `/scim/v2/Groups/${a.id}`,
        patchOp(addMembers([users[0]]), addMembers([c.id])),
      );
      expectScimError(deep, 400, 'invalidValue');
      expect(await membersOf(tenant, a.id)).toEqual([]);
      // no cycle the other way round: a sibling group may join
      const d = await createGroup(tenant);
      await patchGroup(tenant, a.id, addMembers([d.id]));
      expect(await membersOf(tenant, a.id)).toEqual([d.id]);
    });

    it("nests up to 33 groups in a chain, all in the user's groups; a 34th is refused (400)", async () => {
      const user = await provision(tenant);
      const chain = [await createGroup(tenant, { members: [{ value: user.id }] })];
      while (chain.length < 33)
        chain.push(await createGroup(tenant, { members: [{ value: chain[chain.length - 1].id }] }));
      const groups = (await getUser(tenant, user.id)).groups as { value: string }[];
      expect(groups.map((g) => g.value).sort()).toEqual(chain.map((g) => g.id).sort());
      const top = chain[chain.length - 1];
      // On top of the chain, by a create with the chain as member or by a PATCH; or under it.
      const created = await tenant.scim.post('/scim/v2/Groups', entraGroup({ members: [{ value: top.id }] }));
      expectScimError(created, 400, 'invalidValue', /more than 33 groups/);
      const outer = await createGroup(tenant);
      const patched = await tenant.scim.patch(`/scim/v2/Groups/${outer.id}`, patchOp(addMembers([top.id])));
      expectScimError(patched, 400, 'invalidValue', /more than 33 groups/);
      const inner = await createGroup(tenant);
      const below = await tenant.scim.patch(
        `/scim/v2/Groups/${chain[0].id}`,
        patchOp(addMembers([inner.id])),
      );
      expectScimError(below, 400, 'invalidValue', /more than 33 groups/);
      // Beside the chain, not longer: fine.
      await patchGroup(tenant, chain[1].id, addMembers([inner.id]));
    });

    it('after A leaves B, B may join A', async () => {
      const a = await createGroup(tenant);
      const b = await createGroup(tenant);
      await patchGroup(tenant, b.id, addMembers([a.id]));
      await patchGroup(tenant, b.id, removeMemberByPath(a.id));
      await patchGroup(tenant, a.id, addMembers([b.id]));
      expect(await membersOf(tenant, a.id)).toEqual([b.id]);
    });
  });
});
