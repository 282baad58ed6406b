import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import { HistoryEntryView, auditApi, expectAdminError, sleep } from '../support/audit-fixtures';
import { addMembers, createGroup, patchGroup, removeMembers } from '../support/scim-group-fixtures';
import {
  ScimUser,
  Tenant,
  createTenant,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/** One millisecond before an ISO time: the moment just before an event was recorded. */
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

interface UserAsOf {
  id: string;
  subscription: string;
  asOf: string;
  active: boolean;
  profile: { userName: string; title?: string };
  managerId: string | null;
  version: number;
}

interface GroupAsOf {
  id: string;
  asOf: string | null;
  displayName: string;
  members: { id: string; type: string }[];
  memberCount: number;
  version: number;
}

/** Audit: "what did user X (group G) look like on date D". */
describe('audit: state as of a past moment', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let audit: ReturnType<typeof auditApi>;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('asof'));
    audit = auditApi(running.admin, tenant.name);
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('a user', () => {
    let user: ScimUser;
    let events: HistoryEntryView[];

    beforeAll(async () => {
      user = await provision(tenant, { title: 'Engineer' });
      // Apart in time, so each change has its own millisecond.
      await sleep(5);
      await patchUser(tenant, user.id, { op: 'replace', path: 'title', value: 'Lead' });
      await sleep(5);
      await patchUser(tenant, user.id, { op: 'replace', path: 'title', value: 'Director' });
      await sleep(5);
      expect((await tenant.scim.delete(`/scim/v2/Users/${user.id}`)).status).toBe(204);
      events = await audit.fullHistory('users', user.id);
      expect(events.map((e) => e.type)).toEqual([
        'UserProvisioned',
        'UserProfileChanged',
        'UserProfileChanged',
        'UserDeleted',
      ]);
    });

    it('at the times SCIM reported (meta.created, meta.lastModified), it is the version SCIM answered then', async () => {
      const other = await provision(tenant);
      const answers = [other];
      for (const title of ['A', 'B', 'C', 'D', 'E'])
        answers.push(await patchUser(tenant, other.id, { op: 'replace', path: 'title', value: title }));
      const created = await audit.userAsOf(other.id, other.meta.created);
      expect(created.body).toMatchObject({ version: 0 });
      for (const answered of answers) {
        const then = (await audit.userAsOf(other.id, answered.meta.lastModified)).body as UserAsOf;
        expect({ version: then.version, title: then.profile.title }).toEqual({
          version: Number(/\d+/.exec(answered.meta.version)![0]),
          title: answered.title,
        });
      }
    });

    it('did not exist before its creation (404)', async () => {
      expectAdminError(await audit.userAsOf(user.id, justBefore(events[0].time)), 404, /did not exist .* at/);
    });

    it('is answered as created, at the moment of its creation', async () => {
      const response = await audit.userAsOf(user.id, events[0].time);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: user.id,
        subscription: tenant.name,
        asOf: events[0].time,
        active: true,
        profile: expect.objectContaining({ userName: user.userName, title: 'Engineer' }),
        managerId: null,
        version: 0,
      });
    });

    it('between two changes: the value of the first, not yet the second', async () => {
      const between = justBefore(events[2].time);
      const response = await audit.userAsOf(user.id, between);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ asOf: between, version: 1, profile: { title: 'Lead' } });
      const later = (await audit.userAsOf(user.id, events[2].time)).body as UserAsOf;
      expect(later).toMatchObject({ version: 2, profile: { title: 'Director' } });
    });

    it('just before its deletion it still existed; after it, it did not (404)', async () => {
      const before = (await audit.userAsOf(user.id, justBefore(events[3].time))).body as UserAsOf;
      expect(before).toMatchObject({ version: 2, active: true, profile: { title: 'Director' } });
      expectAdminError(await audit.userAsOf(user.id, events[3].time), 404);
      expectAdminError(await audit.userAsOf(user.id, new Date().toISOString()), 404);
    });

    it('accepts any zone offset', async () => {
      const at = new Date(Date.parse(events[1].time));
      const local = `${new Date(at.getTime() + 2 * 3600_000).toISOString().slice(0, -1)}+02:00`;
      const response = await audit.userAsOf(user.id, local);
      expect(response.body).toMatchObject({ asOf: events[1].time, profile: { title: 'Lead' } });
      // Its + sent unencoded arrives as a space: read the same.
      const raw = await running.admin.get(audit.url(`/users/${user.id}?asOf=${local}`));
      expect(raw.body).toMatchObject({ asOf: events[1].time, profile: { title: 'Lead' } });
    });

    it('refuses a moment in the future (400): the log cannot say it, and the answer would be labelled with it', async () => {
      const future = new Date(Date.now() + 3600_000).toISOString();
      expectAdminError(await audit.userAsOf(user.id, future), 400, /is in the future/);
      expectAdminError(await audit.group('no-such-group', future), 400, /is in the future/);
    });

    it('refuses an unparsable asOf (400), an unknown subscription (404)', async () => {
      for (const bad of ['yesterday', '2025-01-31', '2025-01-31T10:00:00', '2025-02-30T00:00:00Z', ''])
        expectAdminError(await audit.userAsOf(user.id, bad), 400, /asOf must be an ISO-8601 date-time/);
      expectAdminError(
        await running.admin.get(
          `/admin/v1/subscriptions/no-such-sub/users/${user.id}?asOf=${events[0].time}`,
        ),
        404,
        /no subscription named "no-such-sub"/,
      );
    });

    it('without asOf, the portal view stays the live one', async () => {
      const live = await provision(tenant);
      const response = await running.admin.get(audit.url(`/users/${live.id}`));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: live.id, roles: expect.any(Object), resources: [] });
      expect(response.body).not.toHaveProperty('asOf');
    });
  });

  describe('a group, members included', () => {
    it('answers the group now and as it was, with its members then', async () => {
      const [a, b, c] = [await provision(tenant), await provision(tenant), await provision(tenant)];
      const group = await createGroup(tenant, { members: [{ value: a.id }, { value: b.id }] });
      await sleep(5);
      await patchGroup(tenant, group.id, removeMembers([a.id]), addMembers([c.id]));
      await sleep(5);
      const events = await audit.fullHistory('groups', group.id);
      expect(events.map((e) => e.type)).toEqual([
        'GroupCreated',
        'GroupMembersAdded',
        'GroupMembersRemoved',
        'GroupMembersAdded',
      ]);

      const now = (await audit.group(group.id)).body as GroupAsOf;
      expect(now).toMatchObject({ id: group.id, asOf: null, displayName: group.displayName, version: 3 });
      expect(now.members).toEqual([
        { id: b.id, type: 'User' },
        { id: c.id, type: 'User' },
      ]);

      const then = (await audit.group(group.id, events[1].time)).body as GroupAsOf;
      expect(then).toMatchObject({ asOf: events[1].time, version: 1, memberCount: 2 });
      expect(then.members).toEqual([
        { id: a.id, type: 'User' },
        { id: b.id, type: 'User' },
      ]);

      expectAdminError(await audit.group(group.id, justBefore(events[0].time)), 404, /did not exist/);
    });

    it('a nested group is listed with its type; a deleted group is gone now, present before', async () => {
      const child = await createGroup(tenant);
      const parent = await createGroup(tenant, { members: [{ value: child.id }] });
      await sleep(5);
      expect((await tenant.scim.delete(`/scim/v2/Groups/${parent.id}`)).status).toBe(204);
      const events = await audit.fullHistory('groups', parent.id);
      expect(events[events.length - 1].type).toBe('GroupDeleted');

      expectAdminError(await audit.group(parent.id), 404, /not found/);
      const before = (await audit.group(parent.id, justBefore(events[events.length - 1].time)))
        .body as GroupAsOf;
      expect(before.members).toEqual([{ id: child.id, type: 'Group' }]);
    });

    it('refuses a bad asOf (400), an unknown group (404)', async () => {
      expectAdminError(await audit.group('no-such-group', 'soon'), 400);
      expectAdminError(await audit.group('no-such-group'), 404);
    });
  });
});
