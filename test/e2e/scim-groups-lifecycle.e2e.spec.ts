import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  EMPTY_LIST,
  Tenant,
  createTenant,
  expectScimContentType,
  expectScimError,
  filterQuery,
  patchOp,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import {
  GROUP_SCHEMA,
  ScimGroup,
  addMembers,
  createGroup,
  entraGroup,
  getGroup,
  listGroups,
  memberIdsOf,
  membersOf,
  patchGroup,
  provisionMany,
  removeMemberByPath,
  removeMembers,
  sorted,
  uniqueGroupName,
  versionOf,
} from '../support/scim-group-fixtures';

/** Groups as Entra drives them (reference: Groups): match, create, members by PATCH, rename, delete. */
describe('SCIM /Groups: Entra lifecycle', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let users: string[];

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('grp-life'));
    users = await provisionMany(tenant, 8);
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('matching and create', () => {
    it('matches by displayName with members excluded: empty ListResponse before the create', async () => {
      const name = uniqueGroupName('Sales');
      const query = `excludedAttributes=members&${filterQuery(`displayName eq "${name}"`)}`;
      expect(await listGroups(tenant, query)).toEqual(EMPTY_LIST);
    });

    it('creates without members: 201, Location, ETag, the group without a members key', async () => {
      const body = entraGroup({ displayName: uniqueGroupName('Sales'), externalId: 'obj-1-sales' });
      const response = await tenant.scim.post('/scim/v2/Groups', body);
      expect(response.status).toBe(201);
      expectScimContentType(response);
      const group = response.body as ScimGroup;
      expect(group).toMatchObject({
        schemas: [GROUP_SCHEMA],
        id: expect.any(String),
        displayName: body.displayName,
        externalId: 'obj-1-sales',
        meta: { resourceType: 'Group', created: expect.any(String), lastModified: expect.any(String) },
      });
      expect(group).not.toHaveProperty('members');
      expect(response.headers.location).toBe(group.meta.location);
      expect(group.meta.location).toMatch(new RegExp(`/scim/v2/Groups/${group.id}$`));
      expect(response.headers.etag).toBe(group.meta.version);
    });

    it('then matches it by displayName case-insensitively, with no members key', async () => {
      const name = uniqueGroupName('Sales');
      const group = await createGroup(tenant, { displayName: name });
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 2)));
      for (const asked of [name, name.toUpperCase(), name.toLowerCase()]) {
        const found = await listGroups(
          tenant,
          `excludedAttributes=members&${filterQuery(`displayName eq "${asked}"`)}`,
        );
        expect(found).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
        expect(found.Resources[0]).toMatchObject({ id: group.id, displayName: name });
        expect(found.Resources[0]).not.toHaveProperty('members');
      }
    });

    it('GET /Groups/{id}?excludedAttributes=members has no members key; plain GET lists them', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 3)));
      const response = await tenant.scim.get(`/scim/v2/Groups/${group.id}?excludedAttributes=members`);
      expect(response.status).toBe(200);
      expectScimContentType(response);
      expect(response.body).toMatchObject({ id: group.id, displayName: group.displayName });
      expect(response.body).not.toHaveProperty('members');
      expect(response.headers.etag).toBe((response.body as ScimGroup).meta.version);
      const full = await getGroup(tenant, group.id);
      expect(memberIdsOf(full)).toEqual(sorted(users.slice(0, 3)));
      for (const member of full.members ?? [])
        expect(member).toEqual({
          value: member.value,
          $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${member.value}$`)),
          type: 'User',
          // readOnly: the member's displayName, when it has one
          display: 'Test User', // the fixture users' displayName
        });
    });

    it('creates with members in the body', async () => {
      const group = await createGroup(tenant, { members: [{ value: users[0] }, { value: users[1] }] });
      expect(memberIdsOf(group)).toEqual(sorted(users.slice(0, 2)));
      expect(await membersOf(tenant, group.id)).toEqual(sorted(users.slice(0, 2)));
    });

    it('refuses a create without displayName (400)', async () => {
      const body = entraGroup();
      delete body.displayName;
      expectScimError(await tenant.scim.post('/scim/v2/Groups', body), 400, 'invalidValue');
    });

    it('GET of an unknown group is 404', async () => {
      expectScimError(await tenant.scim.get('/scim/v2/Groups/00000000-0000-4000-8000-000000000000'), 404);
    });
  });

  describe('members by PATCH', () => {
    let group: ScimGroup;
    beforeEach(async () => {
      group = await createGroup(tenant);
    });

    it('adds members in the old form ({"$ref": null, "value": id}): 204 and an ETag', async () => {
      const response = await patchGroup(tenant, group.id, addMembers(users.slice(0, 3)));
      expect(response.text).toBe('');
      expect(response.headers['content-type']).toBeUndefined();
      expect(response.headers.etag).toMatch(/^W\/"\d+"$/);
      expect(response.headers.etag).toBe(await versionOf(tenant, group.id));
      expect(await membersOf(tenant, group.id)).toEqual(sorted(users.slice(0, 3)));
    });

    it.each(['Add', 'add', 'ADD'])('accepts op "%s"', async (op) => {
      await patchGroup(tenant, group.id, addMembers([users[0]], op));
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
    });

    it.each(['Remove', 'remove', 'REMOVE'])('accepts op "%s"', async (op) => {
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 2)));
      await patchGroup(tenant, group.id, removeMembers([users[0]], op));
      expect(await membersOf(tenant, group.id)).toEqual([users[1]]);
    });

    it('accepts a path-less add of members ({"members": [...]})', async () => {
      await patchGroup(tenant, group.id, { op: 'add', value: { members: [{ value: users[4] }] } });
      expect(await membersOf(tenant, group.id)).toEqual([users[4]]);
    });

    it('remove with a value array removes ONLY the listed members', async () => {
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 5)));
      await patchGroup(tenant, group.id, removeMembers([users[1], users[3]]));
      expect(await membersOf(tenant, group.id)).toEqual(sorted([users[0], users[2], users[4]]));
    });

    it('removes by path members[value eq "<id>"]', async () => {
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 3)));
      await patchGroup(tenant, group.id, removeMemberByPath(users[1]));
      expect(await membersOf(tenant, group.id)).toEqual(sorted([users[0], users[2]]));
      await patchGroup(tenant, group.id, removeMemberByPath(users[0], 'Remove'));
      expect(await membersOf(tenant, group.id)).toEqual([users[2]]);
    });

    it('applies several operations of one PATCH: add, remove, Replace displayName', async () => {
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 2)));
      const name = uniqueGroupName('Renamed');
      await patchGroup(
        tenant,
        group.id,
        addMembers([users[2], users[3]]),
        removeMembers([users[0]]),
        removeMemberByPath(users[2]),
        { op: 'Replace', path: 'displayName', value: name },
      );
      const after = await getGroup(tenant, group.id);
      expect(after.displayName).toBe(name);
      expect(memberIdsOf(after)).toEqual(sorted([users[1], users[3]]));
    });

    it('Replace members sets the list', async () => {
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 3)));
      await patchGroup(tenant, group.id, {
        op: 'Replace',
        path: 'members',
        value: [{ value: users[2] }, { value: users[5] }],
      });
      expect(await membersOf(tenant, group.id)).toEqual(sorted([users[2], users[5]]));
      await patchGroup(tenant, group.id, { op: 'replace', path: 'members', value: [] });
      expect(await membersOf(tenant, group.id)).toEqual([]);
      expect(await getGroup(tenant, group.id)).not.toHaveProperty('members');
    });

    it('a remove of "members" with no value empties the group (RFC 7644)', async () => {
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 3)));
      await patchGroup(tenant, group.id, { op: 'remove', path: 'members' });
      expect(await membersOf(tenant, group.id)).toEqual([]);
    });

    it('accepts member objects with display and type, and a single member object', async () => {
      await patchGroup(tenant, group.id, {
        op: 'add',
        path: 'members',
        value: [{ value: users[0], display: 'Someone', type: 'User', $ref: null }],
      });
      await patchGroup(tenant, group.id, { op: 'add', path: 'members', value: { value: users[1] } });
      expect(await membersOf(tenant, group.id)).toEqual(sorted(users.slice(0, 2)));
    });

    it('removes by path members[value eq "a" or value eq "b"]', async () => {
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 4)));
      await patchGroup(tenant, group.id, {
        op: 'remove',
        path: `members[value eq "${users[0]}" or value eq "${users[2]}"]`,
      });
      expect(await membersOf(tenant, group.id)).toEqual(sorted([users[1], users[3]]));
    });

    it('removes by any filter on the members (RFC 7644 3.5.2.2): members[type eq "Group"]', async () => {
      const nested = await createGroup(tenant, { displayName: uniqueGroupName('Nested') });
      await patchGroup(tenant, group.id, addMembers([...users.slice(0, 2), nested.id]));
      await patchGroup(tenant, group.id, { op: 'remove', path: 'members[type eq "Group"]' });
      expect(await membersOf(tenant, group.id)).toEqual(sorted(users.slice(0, 2)));

      const again = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp({ op: 'remove', path: 'members[type eq "Group"]' }),
      );
      expectScimError(again, 400, 'noTarget');
      await patchGroup(tenant, group.id, { op: 'remove', path: `members[not (value eq "${users[0]}")]` });
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
    });

    it('refuses to modify a member through a filter path (400) and changes nothing', async () => {
      await patchGroup(tenant, group.id, addMembers([users[0]]));
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp({ op: 'replace', path: `members[value eq "${users[0]}"].value`, value: users[1] }),
      );
      expect(response.status).toBe(400);
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
    });

    it('a member added and removed in one PATCH: the last operation wins', async () => {
      await patchGroup(tenant, group.id, addMembers([users[0]]), removeMembers([users[0]]));
      expect(await membersOf(tenant, group.id)).toEqual([]);
      await patchGroup(tenant, group.id, removeMembers([users[1]]), addMembers([users[1]]));
      expect(await membersOf(tenant, group.id)).toEqual([users[1]]);
    });

    it('an empty Operations array is valid and changes nothing', async () => {
      const before = await versionOf(tenant, group.id);
      await patchGroup(tenant, group.id);
      expect(await versionOf(tenant, group.id)).toBe(before);
    });
  });

  describe('details by PATCH', () => {
    it('Replace displayName and externalId', async () => {
      const group = await createGroup(tenant);
      const name = uniqueGroupName('Marketing');
      await patchGroup(
        tenant,
        group.id,
        { op: 'Replace', path: 'displayName', value: name },
        { op: 'Replace', path: 'externalId', value: 'obj-2' },
      );
      const after = await getGroup(tenant, group.id);
      expect(after).toMatchObject({ id: group.id, displayName: name, externalId: 'obj-2' });
      expect(after.meta.created).toBe(group.meta.created);
      expect(after.meta.version).not.toBe(group.meta.version);
    });

    it('path-less replace {"displayName": ...}', async () => {
      const group = await createGroup(tenant);
      const name = uniqueGroupName('PathLess');
      await patchGroup(tenant, group.id, {
        op: 'replace',
        value: { displayName: name, externalId: 'obj-3' },
      });
      expect(await getGroup(tenant, group.id)).toMatchObject({ displayName: name, externalId: 'obj-3' });
    });

    it('removing externalId clears it', async () => {
      const group = await createGroup(tenant, { externalId: 'obj-4' });
      await patchGroup(tenant, group.id, { op: 'remove', path: 'externalId' });
      expect(await getGroup(tenant, group.id)).not.toHaveProperty('externalId');
    });

    it('refuses to clear displayName (required)', async () => {
      const group = await createGroup(tenant);
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}`,
        patchOp({ op: 'replace', path: 'displayName', value: '' }),
      );
      expect(response.status).toBe(400);
      expect((await getGroup(tenant, group.id)).displayName).toBe(group.displayName);
    });
  });

  describe('PATCH answers', () => {
    let group: ScimGroup;
    beforeEach(async () => {
      group = await createGroup(tenant);
    });

    it('answers 200 with the resource when ?excludedAttributes=members is given (no members key)', async () => {
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}?excludedAttributes=members`,
        patchOp(addMembers(users.slice(0, 2))),
      );
      expect(response.status).toBe(200);
      expectScimContentType(response);
      const body = response.body as ScimGroup;
      expect(body).toMatchObject({ id: group.id, displayName: group.displayName });
      expect(body).not.toHaveProperty('members');
      expect(response.headers.etag).toBe(body.meta.version);
      expect(await membersOf(tenant, group.id)).toEqual(sorted(users.slice(0, 2)));
    });

    it('answers 200 with the asked attributes when ?attributes=... is given', async () => {
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}?attributes=displayName,members`,
        patchOp(addMembers([users[0]])),
      );
      expect(response.status).toBe(200);
      const body = response.body as ScimGroup;
      expect(body.displayName).toBe(group.displayName);
      expect(body.id).toBe(group.id);
      expect(memberIdsOf(body)).toEqual([users[0]]);
      expect(body).not.toHaveProperty('externalId');
    });

    it('If-Match with the current version applies; with another version answers 412 and changes nothing', async () => {
      const current = await versionOf(tenant, group.id);
      const stale = await tenant.scim.patch(`/scim/v2/Groups/${group.id}`, patchOp(addMembers([users[0]])), {
        'if-match': 'W/"999"',
      });
      expectScimError(stale, 412);
      expect(await membersOf(tenant, group.id)).toEqual([]);
      expect(await versionOf(tenant, group.id)).toBe(current);
      const fresh = await tenant.scim.patch(`/scim/v2/Groups/${group.id}`, patchOp(addMembers([users[0]])), {
        'if-match': current,
      });
      expect(fresh.status).toBe(204);
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
      const old = await tenant.scim.patch(`/scim/v2/Groups/${group.id}`, patchOp(addMembers([users[1]])), {
        'if-match': current,
      });
      expectScimError(old, 412);
      expect(await membersOf(tenant, group.id)).toEqual([users[0]]);
    });

    it('If-Match listing several tags applies when any is current; If-None-Match * or current is 412', async () => {
      const current = await versionOf(tenant, group.id);
      const url = `/scim/v2/Groups/${group.id}`;
      const rename = (displayName: string) =>
        patchOp({ op: 'replace', path: 'displayName', value: displayName });
      const before = await tenant.scim.get(url);
      for (const value of ['*', current, `W/"999", ${current}`]) {
        expectScimError(
          await tenant.scim.patch(url, rename(`${group.displayName} x`), { 'if-none-match': value }),
          412,
        );
        expectScimError(
          await tenant.scim.put(url, { displayName: group.displayName }, { 'if-none-match': value }),
          412,
        );
        expectScimError(await tenant.scim.delete(url, { 'if-none-match': value }), 412);
      }
      expectScimError(await tenant.scim.patch(url, rename('never'), { 'if-match': 'W/"998", W/"999"' }), 412);
      expect((await tenant.scim.get(url)).text).toBe(before.text);
      const listed = await tenant.scim.patch(url, rename(group.displayName), {
        'if-match': `W/"999", ${current}`,
        'if-none-match': 'W/"999"',
      });
      expect(listed.status).toBe(204);
    });

    it('PATCH of an unknown group is 404', async () => {
      expectScimError(
        await tenant.scim.patch(
          '/scim/v2/Groups/00000000-0000-4000-8000-000000000000',
          patchOp(addMembers([users[0]])),
        ),
        404,
      );
    });

    it('a malformed PATCH is 400 and changes nothing', async () => {
      const response = await tenant.scim.patch(`/scim/v2/Groups/${group.id}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'frobnicate', path: 'members', value: [{ value: users[0] }] }],
      });
      expect(response.status).toBe(400);
      expect(await membersOf(tenant, group.id)).toEqual([]);
    });
  });

  describe('PUT', () => {
    it('replaces displayName, externalId and the member list', async () => {
      const group = await createGroup(tenant, { externalId: 'obj-put' });
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 3)));
      const name = uniqueGroupName('Put');
      const response = await tenant.scim.put(`/scim/v2/Groups/${group.id}`, {
        schemas: [GROUP_SCHEMA],
        displayName: name,
        members: [{ value: users[2] }, { value: users[6] }],
      });
      expect(response.status).toBe(200);
      const body = response.body as ScimGroup;
      expect(body).toMatchObject({ id: group.id, displayName: name });
      expect(body).not.toHaveProperty('externalId');
      expect(memberIdsOf(body)).toEqual(sorted([users[2], users[6]]));
      expect(await membersOf(tenant, group.id)).toEqual(sorted([users[2], users[6]]));
    });

    it('PUT of an unknown group is 404', async () => {
      expectScimError(
        await tenant.scim.put('/scim/v2/Groups/00000000-0000-4000-8000-000000000000', entraGroup()),
        404,
      );
    });
  });

  describe('delete', () => {
    it('DELETE answers 204, then the group is 404 and no longer matched', async () => {
      const group = await createGroup(tenant);
      await patchGroup(tenant, group.id, addMembers(users.slice(0, 2)));
      const response = await tenant.scim.delete(`/scim/v2/Groups/${group.id}`);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expectScimError(await tenant.scim.get(`/scim/v2/Groups/${group.id}`), 404);
      expectScimError(await tenant.scim.get(`/scim/v2/Groups/${group.id}?excludedAttributes=members`), 404);
      expect(await listGroups(tenant, filterQuery(`displayName eq "${group.displayName}"`))).toEqual(
        EMPTY_LIST,
      );
      expect(await listGroups(tenant, filterQuery(`id eq "${group.id}"`))).toEqual(EMPTY_LIST);
      expectScimError(await tenant.scim.delete(`/scim/v2/Groups/${group.id}`), 404);
      expectScimError(
        await tenant.scim.patch(`/scim/v2/Groups/${group.id}`, patchOp(addMembers([users[0]]))),
        404,
      );
    });

    it('DELETE with a wrong If-Match is 412 and keeps the group', async () => {
      const group = await createGroup(tenant);
      expectScimError(await tenant.scim.delete(`/scim/v2/Groups/${group.id}`, { 'if-match': 'W/"42"' }), 412);
      expect((await getGroup(tenant, group.id)).id).toBe(group.id);
    });
  });
});
