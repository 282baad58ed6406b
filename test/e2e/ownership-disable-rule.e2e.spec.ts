import { expect } from '@jest/globals';
import { auditApi } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import { HttpResponse } from '../support/http-client';
import {
  MANAGER_PATH,
  NOTHING,
  OwnershipApi,
  PreviewView,
  TransferView,
  expectCompletedTransfer,
  ownershipSubscription,
  provisionUsers,
  sagaBarrierOn,
  scimPatch,
  setManager,
} from '../support/ownership-fixtures';
import { ScimUser, Tenant, expectScimError, getUser, patchUser, provision } from '../support/scim-fixtures';

/** The roles a transfer lists, from the handover the preview announced. */
const rolesOf = (p: { takesSubscriptionOwnership: boolean; removesCompanyOwnership: boolean }) => [
  ...(p.takesSubscriptionOwnership ? ['subscription-owner'] : []),
  ...(p.removesCompanyOwnership ? ['company-owner-removed'] : []),
];

/**
 * The disable-user rule (architecture.md, "The disable-user rule"; seed, "Disable a user") through
 * real HTTP: every branch through a different door Entra (or the portal) uses to disable a user.
 * The disables that land while a transfer is held from inside the application (the saga or its
 * steps paused) are in test/integration/ownership-disable-during-transfer.spec.ts.
 */
describe('the disable-user rule, end to end', () => {
  let running: RunningApp;
  /** Once it resolves, the saga has handled every disable before it (see sagaBarrierOn). */
  let sagaBarrier: () => Promise<void>;

  beforeAll(async () => {
    running = await startApp();
    sagaBarrier = await sagaBarrierOn(running);
  });
  afterAll(async () => {
    await running?.close();
  });

  const subscription = () => ownershipSubscription(running);
  const users = provisionUsers;

  /** The preview announced exactly what the disable then did. */
  function expectPreviewMatches(preview: PreviewView, transfer: TransferView): void {
    if (preview.outcome !== 'transfer') throw new Error(`preview announced ${preview.outcome}`);
    expect({
      from: preview.userId,
      to: preview.heirId,
      rule: preview.rule,
      roles: rolesOf(preview),
      items: preview.items,
    }).toEqual({
      from: transfer.fromUserId,
      to: transfer.toUserId,
      rule: transfer.rule,
      roles: transfer.roles,
      items: transfer.items,
    });
  }

  const expectAdminError = (response: HttpResponse, status: number, message: RegExp) => {
    expect({ status: response.status, body: response.body }).toEqual({
      status,
      body: { statusCode: status, error: expect.any(String), message: expect.stringMatching(message) },
    });
  };

  describe('3. a user with an active manager', () => {
    it('gives everything to the manager (PATCH Replace active "False", as Entra sends it)', async () => {
      const { t, o } = await subscription();
      const [co1, co2, owner, boss, user] = await users(t, 5);
      await o.addCompanyOwner(co1.id);
      await o.addCompanyOwner(co2.id);
      await o.setOwner(owner.id);
      await setManager(t, user.id, boss.id);
      const items = await o.give(user.id, 3, 2);
      const bossOwn = await o.give(boss.id, 1, 0);

      const preview = await o.preview(user.id);
      expect(preview).toEqual({
        userId: user.id,
        outcome: 'transfer',
        heirId: boss.id,
        rule: 'manager',
        takesSubscriptionOwnership: false,
        removesCompanyOwnership: false,
        items,
      });

      const response = await scimPatch(t, user.id, { op: 'Replace', path: 'active', value: 'False' });
      expect(response.status).toBe(200);
      expect((response.body as ScimUser).active).toBe(false);

      const transfer = await o.waitForTransfer(user.id);
      expectCompletedTransfer(transfer, { from: user.id, to: boss.id, rule: 'manager', items });
      expectPreviewMatches(preview, transfer);
      expect(await o.holdings(user.id)).toEqual(NOTHING);
      expect(await o.holdings(boss.id)).toEqual({
        resources: [...items.resources, ...bossOwn.resources].sort(),
        permissions: items.permissions,
      });
      const view = await o.portalUser(user.id);
      expect(view.body).toMatchObject({ id: user.id, active: false, resources: [], permissions: [] });
      expect(await o.preview(user.id)).toEqual({ userId: user.id, outcome: 'already-disabled' });
      expect(await o.roles()).toMatchObject({
        subscriptionOwner: owner.id,
        companyOwners: [{ userId: co1.id }, { userId: co2.id }],
      });
    });
  });

  describe('the manager a request leaves is the one that inherits (manager and active in one PATCH)', () => {
    it('a new manager set in the same PATCH as active "False" (Entra operations): the new manager', async () => {
      const { t, o } = await subscription();
      const [owner, oldBoss, newBoss, user] = await users(t, 4);
      await o.setOwner(owner.id);
      await setManager(t, user.id, oldBoss.id);
      const items = await o.give(user.id, 2, 1);

      const response = await scimPatch(
        t,
        user.id,
        { op: 'Replace', path: MANAGER_PATH, value: newBoss.id },
        { op: 'Replace', path: 'active', value: 'False' },
      );
      expect(response.status).toBe(200);
      const transfer = await o.waitForTransfer(user.id);
      expectCompletedTransfer(transfer, { from: user.id, to: newBoss.id, rule: 'manager', items });
      expect(await o.holdings(oldBoss.id)).toEqual(NOTHING);
    });

    it('the path-less form ({manager, active} in one value): the new manager', async () => {
      const { t, o } = await subscription();
      const [owner, oldBoss, newBoss, user] = await users(t, 4);
      await o.setOwner(owner.id);
      await setManager(t, user.id, oldBoss.id);
      const items = await o.give(user.id, 1, 1);

      const value = { [MANAGER_PATH]: newBoss.id, active: false };
      expect((await scimPatch(t, user.id, { op: 'replace', value })).status).toBe(200);
      const transfer = await o.waitForTransfer(user.id);
      expectCompletedTransfer(transfer, { from: user.id, to: newBoss.id, rule: 'manager', items });
    });

    it('the manager removed in the same PATCH: the subscription owner, not the removed manager', async () => {
      const { t, o } = await subscription();
      const [owner, boss, user] = await users(t, 3);
      await o.setOwner(owner.id);
      await setManager(t, user.id, boss.id);
      const items = await o.give(user.id, 1, 1);

      const response = await scimPatch(
        t,
        user.id,
        { op: 'Remove', path: MANAGER_PATH },
        { op: 'Replace', path: 'active', value: 'False' },
      );
      expect(response.status).toBe(200);
      const transfer = await o.waitForTransfer(user.id);
      expectCompletedTransfer(transfer, { from: user.id, to: owner.id, rule: 'subscription-owner', items });
      expect(await o.holdings(boss.id)).toEqual(NOTHING);
    });
  });

  describe('4. otherwise, the subscription owner', () => {
    it('when the manager is disabled (path-less replace {"active":false})', async () => {
      const { t, o } = await subscription();
      const [owner, boss, user] = await users(t, 3);
      await o.setOwner(owner.id);
      await setManager(t, user.id, boss.id);
      const items = await o.give(user.id, 2, 1);
      // The boss owns nothing: it is disabled with no transfer.
      expect(await o.preview(boss.id)).toEqual({ userId: boss.id, outcome: 'no-transfer', items: NOTHING });
      await patchUser(t, boss.id, { op: 'replace', path: 'active', value: false });

      const preview = await o.preview(user.id);
      expect(preview).toMatchObject({ outcome: 'transfer', heirId: owner.id, rule: 'subscription-owner' });

      const response = await scimPatch(t, user.id, { op: 'replace', value: { active: false } });
      expect(response.status).toBe(200);
      expect((response.body as ScimUser).active).toBe(false);

      const transfer = await o.waitForTransfer(user.id);
      expectCompletedTransfer(transfer, { from: user.id, to: owner.id, rule: 'subscription-owner', items });
      expectPreviewMatches(preview, transfer);
      expect(await o.holdings(owner.id)).toEqual(items);
      expect(await o.holdings(boss.id)).toEqual(NOTHING);
      expect((await o.transfers()).map((x) => x.fromUserId)).toEqual([user.id]);
    });

    it('when the user has no manager of this subscription (lower-case replace, boolean false)', async () => {
      const { t, o } = await subscription();
      const other = await subscription();
      const [owner, user] = await users(t, 2);
      const foreignBoss = await provision(other.t);
      await o.setOwner(owner.id);
      // A manager of another subscription cannot even be set, so such a user has no manager.
      expectScimError(
        await scimPatch(t, user.id, { op: 'Add', path: MANAGER_PATH, value: foreignBoss.id }),
        400,
        'invalidValue',
        /manager/,
      );
      const items = await o.give(user.id, 2, 2);

      const preview = await o.preview(user.id);
      expect(preview).toMatchObject({ outcome: 'transfer', heirId: owner.id, rule: 'subscription-owner' });

      const response = await scimPatch(t, user.id, { op: 'replace', path: 'active', value: false });
      expect(response.status).toBe(200);

      const transfer = await o.waitForTransfer(user.id);
      expectCompletedTransfer(transfer, { from: user.id, to: owner.id, rule: 'subscription-owner', items });
      expectPreviewMatches(preview, transfer);
      expect(await o.holdings(owner.id)).toEqual(items);
      expect(await o.holdings(user.id)).toEqual(NOTHING);
    });
  });

  describe('2. the subscription owner', () => {
    it('hands items and the role to the longest-standing company owner (admin POST .../disable)', async () => {
      const { t, o } = await subscription();
      const [co1, co2, owner, boss] = await users(t, 4);
      await o.addCompanyOwner(co1.id);
      await o.addCompanyOwner(co2.id);
      await o.setOwner(owner.id);
      // Rule 2 comes before the manager.
      await setManager(t, owner.id, boss.id);
      const items = await o.give(owner.id, 3, 1);

      const preview = await o.preview(owner.id);
      expect(preview).toEqual({
        userId: owner.id,
        outcome: 'transfer',
        heirId: co1.id,
        rule: 'company-owner-for-subscription-owner',
        takesSubscriptionOwnership: true,
        removesCompanyOwnership: false,
        items,
      });

      const response = await o.disable(owner.id);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: owner.id, active: false });

      const transfer = await o.waitForTransfer(owner.id);
      expectCompletedTransfer(transfer, {
        from: owner.id,
        to: co1.id,
        rule: 'company-owner-for-subscription-owner',
        roles: ['subscription-owner'],
        items,
      });
      expectPreviewMatches(preview, transfer);
      expect(await o.holdings(co1.id)).toEqual(items);
      expect(await o.holdings(boss.id)).toEqual(NOTHING);
      expect(await o.roles()).toMatchObject({
        subscriptionOwner: co1.id,
        companyOwners: [{ userId: co1.id }, { userId: co2.id }],
      });
      expect((await o.portalUser(co1.id)).body).toMatchObject({
        roles: { subscriptionOwner: true, companyOwner: true },
      });
      expect((await getUser(t, owner.id)).active).toBe(false);
    });
  });

  describe('1. a company owner', () => {
    it('hands everything to the longest-standing other company owner and stops being one (SCIM PUT active false)', async () => {
      const { t, o } = await subscription();
      const [co1, co2, co3, owner] = await users(t, 4);
      for (const co of [co1, co2, co3]) await o.addCompanyOwner(co.id);
      await o.setOwner(owner.id);
      const items = await o.give(co1.id, 2, 2);

      const preview = await o.preview(co1.id);
      expect(preview).toEqual({
        userId: co1.id,
        outcome: 'transfer',
        heirId: co2.id,
        rule: 'another-company-owner',
        takesSubscriptionOwnership: false,
        removesCompanyOwnership: true,
        items,
      });

      const { meta: _meta, ...current } = await getUser(t, co1.id);
      const response = await t.scim.put(`/scim/v2/Users/${co1.id}`, { ...current, active: false });
      expect(response.status).toBe(200);
      expect((response.body as ScimUser).active).toBe(false);

      const transfer = await o.waitForTransfer(co1.id);
      expectCompletedTransfer(transfer, {
        from: co1.id,
        to: co2.id,
        rule: 'another-company-owner',
        roles: ['company-owner-removed'],
        items,
      });
      expectPreviewMatches(preview, transfer);
      expect(await o.holdings(co2.id)).toEqual(items);
      expect(await o.holdings(co3.id)).toEqual(NOTHING);
      const roles = await o.roles();
      expect(roles.subscriptionOwner).toBe(owner.id);
      expect(roles.companyOwners.map((c) => c.userId)).toEqual([co2.id, co3.id]);
      expect((await o.portalUser(co1.id)).body).toMatchObject({
        active: false,
        roles: { subscriptionOwner: false, companyOwner: false },
      });
    });

    it('who is also the subscription owner: both roles and the items go to another company owner (path-less Replace {"active":"False"})', async () => {
      const { t, o } = await subscription();
      const [co1, co2] = await users(t, 2);
      await o.addCompanyOwner(co1.id);
      await o.addCompanyOwner(co2.id);
      await o.setOwner(co1.id);
      const items = await o.give(co1.id, 2, 1);

      const preview = await o.preview(co1.id);
      expect(preview).toEqual({
        userId: co1.id,
        outcome: 'transfer',
        heirId: co2.id,
        rule: 'another-company-owner',
        takesSubscriptionOwnership: true,
        removesCompanyOwnership: true,
        items,
      });

      const response = await scimPatch(t, co1.id, { op: 'Replace', value: { active: 'False' } });
      expect(response.status).toBe(200);
      expect((response.body as ScimUser).active).toBe(false);

      const transfer = await o.waitForTransfer(co1.id);
      expectCompletedTransfer(transfer, {
        from: co1.id,
        to: co2.id,
        rule: 'another-company-owner',
        roles: ['subscription-owner', 'company-owner-removed'],
        items,
      });
      expectPreviewMatches(preview, transfer);
      expect(await o.holdings(co2.id)).toEqual(items);
      const roles = await o.roles();
      expect(roles.subscriptionOwner).toBe(co2.id);
      expect(roles.companyOwners.map((c) => c.userId)).toEqual([co2.id]);
    });
  });

  describe('refusals: 409 and nothing written', () => {
    /** The head of the event log, as the projections status reads it from the store. */
    const headPosition = async () => {
      const response = await running.admin.get('/admin/v1/projections');
      expect(response.status).toBe(200);
      return (response.body as { headPosition: string | null }).headPosition;
    };

    /** Everything a refused disable must leave as it was. */
    async function snapshot(t: Tenant, o: OwnershipApi, userId: string) {
      // The user's stream, event by event, as the audit history reads it.
      const events = (await auditApi(running.admin, t.name).fullHistory('users', userId)).map(
        (e) => e.eventId,
      );
      return {
        userEvents: events,
        scim: await getUser(t, userId),
        portal: (await o.portalUser(userId)).body,
        holdings: await o.holdings(userId),
        transfers: await o.transfers(),
        roles: await o.roles(),
      };
    }

    it('the only company owner: refused at every door, detail saying to assign another company owner first', async () => {
      const { t, o } = await subscription();
      const [co, owner] = await users(t, 2);
      await o.addCompanyOwner(co.id);
      await o.setOwner(owner.id);
      const items = await o.give(co.id, 2, 1);

      const preview = await o.preview(co.id);
      expect(preview).toEqual({
        userId: co.id,
        outcome: 'refused',
        reason: 'only-company-owner',
        detail: expect.stringMatching(/assign another company owner first/),
        items,
      });
      const detail = preview.outcome === 'refused' ? preview.detail : '';
      const before = await snapshot(t, o, co.id);
      expect(before.userEvents.length).toBeGreaterThan(0);
      const head = await headPosition();

      // Upper-case op, capitalised attribute, boolean as an upper-case string.
      const patched = await scimPatch(t, co.id, { op: 'REPLACE', path: 'Active', value: 'FALSE' });
      expectScimError(patched, 409, undefined, /assign another company owner first/);
      expect((patched.body as { detail: string }).detail).toBe(detail);
      expectScimError(
        await t.scim.delete(`/scim/v2/Users/${co.id}`),
        409,
        undefined,
        /another company owner/,
      );
      expectAdminError(await o.disable(co.id), 409, /assign another company owner first/);
      // Not a single event appended anywhere.
      expect(await headPosition()).toEqual(head);
      await sagaBarrier();

      const after = await snapshot(t, o, co.id);
      expect(after).toEqual(before);
      expect(after.scim.active).toBe(true);
      expect(after.portal).toMatchObject({
        active: true,
        roles: { companyOwner: true },
        resources: expect.any(Array),
      });
      expect(after.holdings).toEqual(items);
      expect(after.transfers).toEqual([]);
    });

    it('no subscription owner and no manager, the user owning items: refused, naming the subscription owner', async () => {
      const { t, o } = await subscription();
      const [co1, co2, user] = await users(t, 3);
      await o.addCompanyOwner(co1.id);
      await o.addCompanyOwner(co2.id);
      const items = await o.give(user.id, 1, 1);

      const preview = await o.preview(user.id);
      expect(preview).toEqual({
        userId: user.id,
        outcome: 'refused',
        reason: 'no-subscription-owner',
        detail: expect.stringMatching(/assign a subscription owner first/),
        items,
      });
      const before = await snapshot(t, o, user.id);
      expect(before.userEvents.length).toBeGreaterThan(0);
      const head = await headPosition();

      // Add on a single-valued attribute replaces it (RFC 7644 3.5.2.1), with a URN-prefixed path.
      const patched = await scimPatch(t, user.id, {
        op: 'Add',
        path: 'urn:ietf:params:scim:schemas:core:2.0:User:active',
        value: 'false',
      });
      expectScimError(patched, 409, undefined, /subscription owner/);
      expect(await headPosition()).toEqual(head);
      await sagaBarrier();
      const after = await snapshot(t, o, user.id);
      expect(after).toEqual(before);
      expect(after.scim.active).toBe(true);

      // Once the role the detail names is assigned, the same request goes through.
      await o.setOwner(co2.id);
      const retried = await scimPatch(t, user.id, {
        op: 'Add',
        path: 'urn:ietf:params:scim:schemas:core:2.0:User:active',
        value: 'false',
      });
      expect(retried.status).toBe(200);
      const transfer = await o.waitForTransfer(user.id);
      expectCompletedTransfer(transfer, { from: user.id, to: co2.id, rule: 'subscription-owner', items });
    });
  });

  it('a user owning nothing is disabled with no transfer (Entra multi-operation PATCH)', async () => {
    const { t, o } = await subscription();
    const [owner, boss, user] = await users(t, 3);
    await o.setOwner(owner.id);
    await setManager(t, user.id, boss.id);
    expect(await o.preview(user.id)).toEqual({ userId: user.id, outcome: 'no-transfer', items: NOTHING });

    const response = await scimPatch(
      t,
      user.id,
      { op: 'Replace', path: 'name.familyName', value: 'Leaver' },
      { op: 'Replace', path: 'active', value: 'False' },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ active: false, name: { familyName: 'Leaver' } });

    await sagaBarrier();
    expect(await o.transfers()).toEqual([]);
    expect((await o.portalUser(user.id)).body).toMatchObject({
      active: false,
      resources: [],
      permissions: [],
    });
  });

  it('SCIM DELETE of a user owning items moves them, and the user is gone', async () => {
    const { t, o } = await subscription();
    const [owner, boss, user] = await users(t, 3);
    await o.setOwner(owner.id);
    await setManager(t, user.id, boss.id);
    const items = await o.give(user.id, 2, 1);
    const preview = await o.preview(user.id);

    const response = await t.scim.delete(`/scim/v2/Users/${user.id}`);
    expect(response.status).toBe(204);

    const transfer = await o.waitForTransfer(user.id);
    expectCompletedTransfer(transfer, {
      from: user.id,
      to: boss.id,
      rule: 'manager',
      trigger: 'deleted',
      items,
    });
    expectPreviewMatches(preview, transfer);
    expect(await o.holdings(boss.id)).toEqual(items);
    expect((await t.scim.get(`/scim/v2/Users/${user.id}`)).status).toBe(404);
    expectAdminError(await o.portalUser(user.id), 404, /not found/);
  });

  it('re-enabling (PATCH active "True") moves nothing back', async () => {
    const { t, o } = await subscription();
    const [owner, boss, user] = await users(t, 3);
    await o.setOwner(owner.id);
    await setManager(t, user.id, boss.id);
    const items = await o.give(user.id, 2, 1);
    await patchUser(t, user.id, { op: 'Replace', path: 'active', value: 'False' });
    await o.waitForTransfer(user.id);

    const enabled = await patchUser(t, user.id, { op: 'Replace', path: 'active', value: 'True' });
    expect(enabled.active).toBe(true);
    await sagaBarrier();

    expect(await o.holdings(user.id)).toEqual(NOTHING);
    expect(await o.holdings(boss.id)).toEqual(items);
    const transfers = await o.transfers();
    expect(transfers.map((x) => [x.fromUserId, x.toUserId])).toEqual([[user.id, boss.id]]);
    expect((await o.portalUser(user.id)).body).toMatchObject({
      active: true,
      resources: [],
      permissions: [],
    });
    expect(await o.preview(user.id)).toEqual({ userId: user.id, outcome: 'no-transfer', items: NOTHING });
  });

  describe('disables at the same moment: decided one after the other', () => {
    const disableBy = (t: Tenant, userId: string) =>
      scimPatch(t, userId, { op: 'Replace', path: 'active', value: 'False' });

    it('the two company owners disabled together: one is disabled, the other refused as the only one left', async () => {
      // Both used to be accepted (each counted on the other): no active company owner remained.
      for (let round = 0; round < 3; round++) {
        const { t, o } = await subscription();
        const [a, b] = await users(t, 2);
        await o.addCompanyOwner(a.id);
        await o.addCompanyOwner(b.id);
        const answers = await Promise.all([disableBy(t, a.id), disableBy(t, b.id)]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
        const refused = answers.find((r) => r.status === 409)!;
        expectScimError(refused, 409, undefined, /only company owner/);
        const kept = answers[0].status === 409 ? a : b;
        expect((await getUser(t, kept.id)).active).toBe(true);
        await o.waitForTransfer(answers[0].status === 200 ? a.id : b.id);
        expect((await o.roles()).companyOwners.map((c) => c.userId)).toEqual([kept.id]);
      }
    });

    it('a user and its manager disabled together: the items end with an active user, never with the disabled manager', async () => {
      for (let round = 0; round < 5; round++) {
        const { t, o } = await subscription();
        const [owner, manager, user] = await users(t, 3);
        await o.setOwner(owner.id);
        await setManager(t, user.id, manager.id);
        const given = await o.give(user.id, 3, 1);
        // The manager's first: its disable is then appended while the user's is being decided.
        const answers = await Promise.all([disableBy(t, manager.id), disableBy(t, user.id)]);
        expect(answers.map((r) => r.status)).toEqual([200, 200]);
        await o.waitForTransfer(user.id);
        await sagaBarrier();
        expect(await o.holdings(owner.id)).toEqual(given);
        expect(await o.holdings(manager.id)).toEqual(NOTHING);
      }
    });
    it('a company owner disabled while an admin removes the other: one of them is refused, an active company owner remains', async () => {
      for (let round = 0; round < 3; round++) {
        const { t, o } = await subscription();
        const [a, b] = await users(t, 2);
        await o.addCompanyOwner(a.id);
        await o.addCompanyOwner(b.id);
        const [disable, removal] = await Promise.all([
          disableBy(t, a.id),
          running.admin.delete(`/admin/v1/subscriptions/${t.name}/company-owners/${b.id}`),
        ]);
        // Both used to succeed: a's heir b lost the role, and a (disabled) stayed the only company owner.
        expect([disable.status, removal.status].filter((status) => status === 409)).toHaveLength(1);
        await sagaBarrier();
        const owners = (await o.roles()).companyOwners.map((c) => c.userId);
        expect(owners).toHaveLength(1);
        expect((await getUser(t, owners[0]!)).active).toBe(true);
      }
    });

    it('a resource, a permission and the subscription ownership given while the user is disabled: refused, or handed over with the rest', async () => {
      // They used to be accepted after the disable had handed everything over: left with a disabled user.
      const { t, o } = await subscription();
      const [owner] = await users(t, 1);
      await o.setOwner(owner.id);
      let disabled = 0;
      for (let round = 0; round < 5; round++) {
        const [user] = await users(t, 1);
        const answers = await Promise.all([
          disableBy(t, user.id),
          running.admin.post(`/admin/v1/subscriptions/${t.name}/resources`, {
            type: 'report',
            name: `r${round}`,
            ownerId: user.id,
          }),
          running.admin.post(`/admin/v1/subscriptions/${t.name}/permissions`, {
            userId: user.id,
            permission: `p${round}`,
          }),
          // Every other round only: a user made subscription owner first is refused its disable
          // (no company owner to take over), and the odd rounds must disable someone.
          ...(round % 2 === 0
            ? [running.admin.put(`/admin/v1/subscriptions/${t.name}/owner`, { userId: user.id })]
            : []),
        ]);
        for (const answer of answers) expect([200, 201, 409]).toContain(answer.status);
        await sagaBarrier();
        const roles = await o.roles();
        // Whichever came first, a disabled user holds nothing (a give decided first moved on with the rest).
        if (!(await getUser(t, user.id)).active) {
          disabled += 1;
          expect(await o.holdings(user.id)).toEqual(NOTHING);
          expect(roles.subscriptionOwner).not.toBe(user.id);
        }
        if (roles.subscriptionOwner !== owner.id) await o.setOwner(owner.id);
      }
      expect(disabled).toBeGreaterThan(0);
    });
  });

  describe('nothing can be given to a user who could not hold it', () => {
    it('resources and permissions: 409 to a disabled user, 404 to an unknown one or one of another subscription', async () => {
      const { t, o } = await subscription();
      const other = await subscription();
      const [owner, gone] = await users(t, 2);
      const stranger = await provision(other.t);
      await o.setOwner(owner.id);
      await patchUser(t, gone.id, { op: 'Replace', path: 'active', value: 'False' });

      const resource = (ownerId: string) =>
        running.admin.post(o.url('/resources'), { type: 'dashboard', name: 'x', ownerId });
      const permission = (userId: string) =>
        running.admin.post(o.url('/permissions'), { userId, permission: 'billing:admin' });

      expectAdminError(await resource(gone.id), 409, /disabled/);
      expectAdminError(await permission(gone.id), 409, /disabled/);
      expectAdminError(await resource('no-such-user'), 404, /not a user of this subscription/);
      expectAdminError(await permission('no-such-user'), 404, /not a user of this subscription/);
      expectAdminError(await resource(stranger.id), 404, /not a user of this subscription/);
      expectAdminError(await permission(stranger.id), 404, /not a user of this subscription/);
      // An id no user can have is refused as a bad request, not echoed back in a 404.
      expectAdminError(await resource('x'.repeat(5000)), 400, /ownerId must be shorter/);
      expectAdminError(await permission('x'.repeat(5000)), 400, /userId must be shorter/);
      expect((await running.admin.get(o.url('/resources'))).body).toEqual({
        resources: [],
        nextCursor: null,
      });
      expect((await running.admin.get(o.url('/permissions'))).body).toEqual({
        permissions: [],
        nextCursor: null,
      });
    });

    it('roles: 409 to a disabled user', async () => {
      const { t, o } = await subscription();
      const [co, gone] = await users(t, 2);
      await o.addCompanyOwner(co.id);
      await patchUser(t, gone.id, { op: 'Replace', path: 'active', value: 'False' });

      expectAdminError(await running.admin.put(o.url('/owner'), { userId: gone.id }), 409, /disabled/);
      expectAdminError(
        await running.admin.post(o.url('/company-owners'), { userId: gone.id }),
        409,
        /disabled/,
      );
      expect(await o.roles()).toMatchObject({ subscriptionOwner: null, companyOwners: [{ userId: co.id }] });
    });
  });
});
