import { HistoryEntryView, auditApi } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ENTERPRISE_SCHEMA,
  Json,
  SEARCH_REQUEST_SCHEMA,
  ScimUser,
  Tenant,
  USER_SCHEMA,
  createTenant,
  enterprise,
  entraUser,
  expectScimError,
  filterQuery,
  getUser,
  listUsers,
  patchOp,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

const MANAGER_PATH = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

/**
 * Reference: "Manager, every form seen from Entra"; it arrives in a PATCH after both users exist.
 * An assignment the log records after the manager's deletion (written straight into the store) is
 * in test/integration/scim-users-manager-late-assignment.spec.ts.
 */
describe('SCIM /Users: enterprise manager', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let other: Tenant;
  let manager: ScimUser;
  let secondManager: ScimUser;

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('mgr'));
    other = await createTenant(running, uniqueSubscriptionName('mgr-other'));
    manager = await provision(tenant);
    secondManager = await provision(tenant);
  });
  afterAll(async () => {
    await running?.close();
  });

  const managerOf = (user: ScimUser) => enterprise(user)?.manager;
  // displayName is readOnly: the manager's current displayName, looked up when read.
  const expected = (m: ScimUser) => ({
    value: m.id,
    $ref: `http://${tenant.host}/scim/v2/Users/${m.id}`,
    ...(m.displayName ? { displayName: m.displayName } : {}),
  });

  /** PATCH, check the answer equals a GET right after, and return the manager it shows. */
  const patchManager = async (userId: string, operation: Json) => {
    const answered = await patchUser(tenant, userId, operation);
    const got = await getUser(tenant, userId);
    expect(got).toEqual(answered);
    return managerOf(got);
  };

  const setForms: [string, (m: ScimUser) => Json][] = [
    ['bare string via Add with the URN path', (m) => ({ op: 'Add', path: MANAGER_PATH, value: m.id })],
    ['{"value": id} via replace', (m) => ({ op: 'replace', path: MANAGER_PATH, value: { value: m.id } })],
    [
      'an array [{"$ref", "value"}] with path "manager"',
      (m) => ({ op: 'Add', path: 'manager', value: [{ $ref: `https://x.test/Users/${m.id}`, value: m.id }] }),
    ],
    ['manager.value', (m) => ({ op: 'Replace', path: `${MANAGER_PATH}.value`, value: m.id })],
    [
      'Manager.Value (names in any case, no URN)',
      (m) => ({ op: 'Replace', path: 'Manager.Value', value: m.id }),
    ],
    ['a path-less replace', (m) => ({ op: 'replace', value: { [`${MANAGER_PATH}`]: m.id } })],
  ];

  it.each(setForms)('sets the manager with %s; GET shows {value, $ref}', async (_, form) => {
    const user = await provision(tenant);
    expect(managerOf(user)).toBeUndefined();
    expect(await patchManager(user.id, form(manager))).toEqual(expected(manager));
    expect(enterprise(await getUser(tenant, user.id))).toEqual({
      employeeNumber: '701984',
      department: 'Tour Operations',
      manager: expected(manager),
    });
  });

  it('changes the manager to another user', async () => {
    const user = await provision(tenant);
    await patchManager(user.id, { op: 'Add', path: MANAGER_PATH, value: manager.id });
    expect(
      await patchManager(user.id, { op: 'replace', path: MANAGER_PATH, value: { value: secondManager.id } }),
    ).toEqual(expected(secondManager));
  });

  const removeForms: [string, (m: ScimUser) => Json][] = [
    ['Remove with the URN path', () => ({ op: 'Remove', path: MANAGER_PATH })],
    ['replace with ""', () => ({ op: 'replace', path: MANAGER_PATH, value: '' })],
    ['replace with null', () => ({ op: 'replace', path: MANAGER_PATH, value: null })],
    ['replace with {"value": ""}', () => ({ op: 'replace', path: MANAGER_PATH, value: { value: '' } })],
    ['Add with {"value": ""}', () => ({ op: 'Add', path: MANAGER_PATH, value: { value: '' } })],
    ['remove manager[value eq "<id>"]', (m) => ({ op: 'remove', path: `manager[value eq "${m.id}"]` })],
  ];

  it.each(removeForms)('removes the manager with %s', async (_, form) => {
    const user = await provision(tenant);
    expect(await patchManager(user.id, { op: 'Add', path: MANAGER_PATH, value: manager.id })).toEqual(
      expected(manager),
    );
    expect(await patchManager(user.id, form(manager))).toBeUndefined();
    expect(enterprise(await getUser(tenant, user.id))).toEqual({
      employeeNumber: '701984',
      department: 'Tour Operations',
    });
  });

  it('refuses an unknown manager id (400 invalidValue) and changes nothing', async () => {
    const user = await provision(tenant);
    await patchManager(user.id, { op: 'Add', path: MANAGER_PATH, value: manager.id });
    const before = await getUser(tenant, user.id);
    for (const value of ['00000000-0000-4000-8000-000000000000', { value: 'no-such-user' }]) {
      const response = await tenant.scim.patch(
        `/scim/v2/Users/${user.id}`,
        patchOp(
          { op: 'replace', path: MANAGER_PATH, value },
          { op: 'replace', path: 'title', value: 'Changed' },
        ),
      );
      expectScimError(response, 400, 'invalidValue', /manager/);
      expect(await getUser(tenant, user.id)).toEqual(before);
    }
  });

  it('refuses a manager of ANOTHER subscription (400 invalidValue) and changes nothing', async () => {
    const foreign = await provision(other);
    const user = await provision(tenant);
    const response = await tenant.scim.patch(
      `/scim/v2/Users/${user.id}`,
      patchOp({ op: 'Add', path: MANAGER_PATH, value: foreign.id }),
    );
    expectScimError(response, 400, 'invalidValue', /manager/);
    expect(await getUser(tenant, user.id)).toEqual(user);
    const created = await tenant.scim.post(
      '/scim/v2/Users',
      entraUser({ [ENTERPRISE_SCHEMA]: { manager: { value: foreign.id } } }),
    );
    expectScimError(created, 400, 'invalidValue', /manager/);
  });

  it('refuses a user as its own manager (400 invalidValue)', async () => {
    const user = await provision(tenant);
    const response = await tenant.scim.patch(
      `/scim/v2/Users/${user.id}`,
      patchOp({ op: 'Add', path: MANAGER_PATH, value: user.id }),
    );
    expectScimError(response, 400, 'invalidValue', /own manager/);
    expect(await getUser(tenant, user.id)).toEqual(user);
  });

  it('accepts the manager in a create and a PUT body, and a PUT without it removes it', async () => {
    const created = await provision(tenant, {
      [ENTERPRISE_SCHEMA]: { department: 'Sales', manager: { value: manager.id } },
    });
    expect(managerOf(created)).toEqual(expected(manager));
    const body = entraUser({ userName: created.userName, schemas: [USER_SCHEMA] });
    delete body[ENTERPRISE_SCHEMA];
    const put = await tenant.scim.put(`/scim/v2/Users/${created.id}`, body);
    expect(put.status).toBe(200);
    expect(put.body).not.toHaveProperty(ENTERPRISE_SCHEMA);
  });

  it('a deleted manager can no longer be assigned', async () => {
    const gone = await provision(tenant);
    expect((await tenant.scim.delete(`/scim/v2/Users/${gone.id}`)).status).toBe(204);
    const user = await provision(tenant);
    expectScimError(
      await tenant.scim.patch(
        `/scim/v2/Users/${user.id}`,
        patchOp({ op: 'Add', path: MANAGER_PATH, value: gone.id }),
      ),
      400,
      'invalidValue',
    );
  });

  it("answers 400 invalidFilter to a filter or sortBy on the manager's displayName or $ref (read, not indexed)", async () => {
    const report = await provision(tenant);
    await patchUser(tenant, report.id, { op: 'replace', path: MANAGER_PATH, value: manager.id });
    for (const filter of [
      `${MANAGER_PATH}.displayName eq "${manager.displayName}"`,
      `${MANAGER_PATH}.displayName pr`,
      `${MANAGER_PATH}.$ref pr`,
      `${MANAGER_PATH}[displayName pr]`,
    ]) {
      const response = await tenant.scim.get(`/scim/v2/Users?${filterQuery(filter)}`);
      expectScimError(response, 400, 'invalidFilter', /read from the manager/);
    }
    const searched = await tenant.scim.post('/scim/v2/Users/.search', {
      schemas: [SEARCH_REQUEST_SCHEMA],
      filter: `${MANAGER_PATH}.displayName co "a"`,
    });
    expectScimError(searched, 400, 'invalidFilter', /read from the manager/);
    for (const sortBy of [`${MANAGER_PATH}.displayName`, `${MANAGER_PATH}.$ref`]) {
      const response = await tenant.scim.get(`/scim/v2/Users?sortBy=${encodeURIComponent(sortBy)}`);
      expectScimError(response, 400, 'invalidFilter', /read from the manager/);
    }
    // The same error type as a sortBy the read model cannot sort by at all.
    expectScimError(await tenant.scim.get('/scim/v2/Users?sortBy=meta.location'), 400, 'invalidFilter');
    const byValue = await listUsers(tenant, filterQuery(`${MANAGER_PATH}.value eq "${manager.id}"`));
    expect(byValue.Resources.map((u) => u.id)).toContain(report.id);
  });

  describe("a manager's deletion", () => {
    /** Polls GET until the user has no manager (the release follows the deletion in the background). */
    const managerlessSoon = async (userId: string) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const user = await getUser(tenant, userId);
        if (managerOf(user) === undefined) return user;
        if (Date.now() > deadline)
          throw new Error(`${userId} still has manager ${JSON.stringify(managerOf(user))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    it('releases every report: no manager pointing at a deleted user, recorded as caused by the deletion', async () => {
      const boss = await provision(tenant);
      const reports = [await provision(tenant), await provision(tenant)];
      for (const report of reports)
        await patchManager(report.id, { op: 'Add', path: MANAGER_PATH, value: boss.id });
      const bystander = await provision(tenant);
      await patchManager(bystander.id, { op: 'Add', path: MANAGER_PATH, value: secondManager.id });

      expect((await tenant.scim.delete(`/scim/v2/Users/${boss.id}`)).status).toBe(204);
      // Released before the DELETE answered: a read right after it finds no manager.
      for (const report of reports) expect(managerOf(await getUser(tenant, report.id))).toBeUndefined();
      const stillPointing = await listUsers(tenant, filterQuery(`manager.value eq "${boss.id}"`));
      expect(stillPointing.totalResults).toBe(0);
      expect(managerOf(await getUser(tenant, bystander.id))).toEqual(expected(secondManager));

      const history = await auditApi(running.admin, tenant.name).fullHistory('users', reports[0].id);
      const deletion = (await auditApi(running.admin, tenant.name).fullHistory('users', boss.id)).find(
        (entry: HistoryEntryView) => entry.type === 'UserDeleted',
      )!;
      expect(history.at(-1)).toMatchObject({
        type: 'UserManagerRemoved',
        data: { previousManagerId: boss.id },
        actor: 'system:deleted-manager',
        causationId: deletion.eventId,
        correlationId: deletion.correlationId,
      });
    });

    it('a GET body read right after the deletion can be PUT back (here disabling the user)', async () => {
      const owner = await provision(tenant);
      expect(
        (await running.admin.put(`/admin/v1/subscriptions/${tenant.name}/owner`, { userId: owner.id }))
          .status,
      ).toBe(200);
      for (let round = 0; round < 3; round++) {
        const boss = await provision(tenant);
        const reports: ScimUser[] = [];
        for (let i = 0; i < 8; i++) reports.push(await provision(tenant));
        for (const report of reports)
          await patchManager(report.id, { op: 'Add', path: MANAGER_PATH, value: boss.id });
        expect((await tenant.scim.delete(`/scim/v2/Users/${boss.id}`)).status).toBe(204);
        const reads = await Promise.all(reports.map((report) => getUser(tenant, report.id)));
        expect(reads.map(managerOf)).toEqual(reports.map(() => undefined));
        // Clients send back what they read: with the deleted manager in it, this was a 400.
        for (const read of reads) {
          const put = await tenant.scim.put(`/scim/v2/Users/${read.id}`, { ...read, active: false });
          expect(put.status).toBe(200);
          expect((put.body as ScimUser).active).toBe(false);
        }
      }
    });

    it('a manager set while it is being deleted: refused (400), or set before the deletion and released by it; never recorded after it', async () => {
      const audit = auditApi(running.admin, tenant.name);
      // A race: with 40 rounds the bad order (the assignment recorded after the deletion) showed in
      // two of three runs before the fix, in none of four after it; each round takes ~15 ms.
      for (let round = 0; round < 40; round++) {
        const [boss, report] = [await provision(tenant), await provision(tenant)];
        const [set, deleted] = await Promise.all([
          tenant.scim.patch(
            `/scim/v2/Users/${report.id}`,
            patchOp({ op: 'Add', path: MANAGER_PATH, value: boss.id }),
          ),
          tenant.scim.delete(`/scim/v2/Users/${boss.id}`),
        ]);
        expect(deleted.status).toBe(204);
        if (set.status === 400) {
          expectScimError(set, 400, 'invalidValue', /manager/);
          continue;
        }
        expect(set.status).toBe(200);
        await managerlessSoon(report.id);
        const deletion = (await audit.fullHistory('users', boss.id)).find((e) => e.type === 'UserDeleted')!;
        const history = await audit.fullHistory('users', report.id);
        const assigned = history.find((e) => e.type === 'UserManagerAssigned')!;
        // Recorded before the deletion, and released by it (not by a late clean-up of the assignment).
        expect(BigInt(assigned.position)).toBeLessThan(BigInt(deletion.position));
        expect(history.at(-1)).toMatchObject({ type: 'UserManagerRemoved', causationId: deletion.eventId });
      }
    });

    it('a report disabled meanwhile is released too, and its manager can be set again afterwards', async () => {
      const boss = await provision(tenant);
      const report = await provision(tenant);
      await patchManager(report.id, { op: 'Add', path: MANAGER_PATH, value: boss.id });
      await patchUser(tenant, report.id, { op: 'Replace', path: 'active', value: 'False' });
      expect((await tenant.scim.delete(`/scim/v2/Users/${boss.id}`)).status).toBe(204);
      expect((await managerlessSoon(report.id)).active).toBe(false);
      expect(await patchManager(report.id, { op: 'Add', path: MANAGER_PATH, value: manager.id })).toEqual(
        expected(manager),
      );
    });

    it('an assignment sent together with the deletion never leaves a dangling manager', async () => {
      for (let round = 0; round < 5; round++) {
        const boss = await provision(tenant);
        const report = await provision(tenant);
        const [assigned, deleted] = await Promise.all([
          tenant.scim.patch(
            `/scim/v2/Users/${report.id}`,
            patchOp({ op: 'Add', path: MANAGER_PATH, value: boss.id }),
          ),
          tenant.scim.delete(`/scim/v2/Users/${boss.id}`),
        ]);
        expect(deleted.status).toBe(204);
        // Either the assignment came first (then released) or it was refused (boss gone).
        expect([200, 400]).toContain(assigned.status);
        await managerlessSoon(report.id);
      }
    });
  });
});
