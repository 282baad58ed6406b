import { RunningApp, startApp } from '../support/e2e-app';
import { Tenant, createTenant, filterQuery, patchOp, uniqueSubscriptionName } from '../support/scim-fixtures';
import {
  ScimGroup,
  addMembers,
  createGroup,
  listGroups,
  membersOf,
  patchGroup,
  removeMembers,
  seedUsers,
  sorted,
} from '../support/scim-group-fixtures';

const MEMBERS = 5000;
const BATCH = 1000;

/** Large groups (reference: "One PATCH may carry many operations and many members each"). */
describe('SCIM /Groups: scale', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let users: string[];

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('grp-scale'));
    users = await seedUsers(running, tenant, MEMBERS);
  });
  afterAll(async () => {
    await running?.close();
  });

  describe(`a group of ${MEMBERS} members`, () => {
    let group: ScimGroup;
    // Set-up of every test below: the group filled by PATCHes of BATCH members each (patchGroup
    // throws unless a PATCH answers 204, failing them all).
    beforeAll(async () => {
      group = await createGroup(tenant);
      for (let i = 0; i < MEMBERS; i += BATCH)
        await patchGroup(tenant, group.id, addMembers(users.slice(i, i + BATCH)));
    });

    it('GET /Groups/{id} returns every member once (the streamed body parses)', async () => {
      const response = await tenant.scim.get(`/scim/v2/Groups/${group.id}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
      // Streamed page by page, never held whole: no Content-Length.
      expect(response.headers['transfer-encoding']).toBe('chunked');
      const body = JSON.parse(response.text) as ScimGroup;
      expect(body).toMatchObject({
        id: group.id,
        displayName: group.displayName,
        meta: { resourceType: 'Group' },
      });
      const ids = (body.members ?? []).map((m) => m.value);
      expect(ids).toHaveLength(MEMBERS);
      expect(new Set(ids).size).toBe(MEMBERS);
      expect(sorted(ids)).toEqual(sorted(users));
      expect(body.members?.every((m) => m.type === 'User' && typeof m.$ref === 'string')).toBe(true);
      expect(response.headers.etag).toBe(body.meta.version);
    });

    it('GET with excludedAttributes=members is small and has no members key', async () => {
      const response = await tenant.scim.get(`/scim/v2/Groups/${group.id}?excludedAttributes=members`);
      expect(response.status).toBe(200);
      expect(response.text.length).toBeLessThan(2000);
      expect(response.body).not.toHaveProperty('members');
      const listed = await listGroups(
        tenant,
        `excludedAttributes=members&${filterQuery(`displayName eq "${group.displayName}"`)}`,
      );
      expect(JSON.stringify(listed).length).toBeLessThan(2000);
      expect(listed.Resources[0]).not.toHaveProperty('members');
    });

    it('GET with attributes=members,displayName streams the members without the other attributes', async () => {
      const response = await tenant.scim.get(`/scim/v2/Groups/${group.id}?attributes=members,displayName`);
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text) as ScimGroup;
      expect(body.members).toHaveLength(MEMBERS);
      expect(body).toMatchObject({ id: group.id, displayName: group.displayName });
      expect(body).not.toHaveProperty('externalId');
    });

    it('GET with attributes=members.value streams each member with value only', async () => {
      const response = await tenant.scim.get(`/scim/v2/Groups/${group.id}?attributes=members.value`);
      expect(response.headers['transfer-encoding']).toBe('chunked');
      const body = JSON.parse(response.text) as ScimGroup;
      expect(body.members).toHaveLength(MEMBERS);
      expect(body.members?.every((m) => Object.keys(m).join() === 'value')).toBe(true);
      expect(Object.keys(body).sort()).toEqual(['id', 'members', 'schemas']);
    });

    it('GET with excludedAttributes=members.display,members.$ref streams members without them', async () => {
      const response = await tenant.scim.get(
        `/scim/v2/Groups/${group.id}?excludedAttributes=members.display,members.$ref`,
      );
      expect(response.headers['transfer-encoding']).toBe('chunked');
      const body = JSON.parse(response.text) as ScimGroup;
      expect(body.members).toHaveLength(MEMBERS);
      expect(body.members?.every((m) => Object.keys(m).sort().join() === 'type,value')).toBe(true);
      expect(body).toMatchObject({ displayName: group.displayName, meta: { resourceType: 'Group' } });
    });

    it('a PATCH answering 200 with attributes=members.value projects every streamed member', async () => {
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}?attributes=members.value`,
        patchOp({ op: 'replace', path: 'externalId', value: 'big-one' }),
      );
      expect(response.status).toBe(200);
      const body = JSON.parse(response.text) as ScimGroup;
      expect(body.members).toHaveLength(MEMBERS);
      expect(body.members?.every((m) => Object.keys(m).join() === 'value')).toBe(true);
    });

    it('a list without excludedAttributes carries all members too', async () => {
      const listed = await listGroups(tenant, filterQuery(`id eq "${group.id}"`));
      const ids = (listed.Resources[0].members ?? []).map((m) => m.value);
      expect(ids).toHaveLength(MEMBERS);
      expect(new Set(ids).size).toBe(MEMBERS);
    });

    it(`one PATCH removes ${BATCH} members, only those`, async () => {
      const removed = users.slice(1000, 2000);
      await patchGroup(tenant, group.id, removeMembers(removed));
      const ids = await membersOf(tenant, group.id);
      expect(ids).toHaveLength(MEMBERS - BATCH);
      expect(ids).toEqual(sorted([...users.slice(0, 1000), ...users.slice(2000)]));
    });

    it('a PATCH answering 200 with excludedAttributes=members stays small', async () => {
      const response = await tenant.scim.patch(
        `/scim/v2/Groups/${group.id}?excludedAttributes=members`,
        patchOp(addMembers(users.slice(1000, 1010))),
      );
      expect(response.status).toBe(200);
      expect(response.text.length).toBeLessThan(2000);
      expect(response.body).not.toHaveProperty('members');
    });

    it('the members filter finds the group from any member', async () => {
      const found = await listGroups(
        tenant,
        `excludedAttributes=members&${filterQuery(`members[value eq "${users[4999]}"]`)}`,
      );
      expect(found.Resources.map((g) => g.id)).toEqual([group.id]);
    });
  });
});
