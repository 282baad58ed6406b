import { expect } from '@jest/globals';
import { TransferOnUserDisabled } from '../../src/modules/ownership/application/transfer-on-user-disabled.process';
import { EventSourcedRepository } from '../../src/platform/es/event-sourced-repository';
import { RunningApp, startApp } from '../support/e2e-app';
import { HttpResponse } from '../support/http-client';
import {
  NOTHING,
  expectCompletedTransfer,
  ownershipSubscription,
  provisionUsers,
  sagaBarrierOn,
  scimPatch,
  setManager,
} from '../support/ownership-fixtures';
import { Tenant, expectScimError, getUser, patchUser } from '../support/scim-fixtures';

/**
 * The disable-user rule (architecture.md, "The disable-user rule") when a disable or a re-enable
 * lands while an earlier transfer is still being carried out. The transfer is held from inside the
 * started application (the saga's handler, or the repository's transfer steps, wrapped) so that
 * the HTTP requests land in that window every time; every request still goes through real HTTP.
 * The rest of the rule is end to end in test/e2e/ownership-disable-rule.e2e.spec.ts.
 */
describe('the disable-user rule while a transfer is held', () => {
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

  /** Runs `work` while a transfer is held, and lets it go (and unwraps the hold) however work ends. */
  async function whileHeld<T>(
    held: { release: () => void; restore: () => void },
    work: (release: () => void) => Promise<T>,
  ): Promise<T> {
    try {
      return await work(held.release);
    } finally {
      held.release();
      held.restore();
    }
  }

  /** Holds the saga before it handles the next event, until released (the HTTP side runs freely). */
  function holdSaga() {
    const saga = running.app.get(TransferOnUserDisabled);
    const handle = saga.handle.bind(saga);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(saga, 'handle').mockImplementation(async (event) => {
      await gate;
      return handle(event);
    });
    return { release, restore: () => spy.mockRestore() };
  }

  describe('re-enabled before its transfer ended: the re-enable waits for the transfer', () => {
    /*
     * The handover is decided when the disable is accepted. Re-enabled before the saga carried it
     * out, a company owner used to count as one while its transfer was about to take the role
     * away (the other company owner could then be disabled, leaving none active), and the
     * transfer took along what the user had been given since the re-enable.
     */
    const activeBy = (t: Tenant, userId: string, value: 'True' | 'False') =>
      scimPatch(t, userId, { op: 'Replace', path: 'active', value });

    /** The re-enable, held until the transfer is released; answers once the transfer completed. */
    async function reEnableWhileHeld(t: Tenant, userId: string, release: () => void): Promise<HttpResponse> {
      let answered = false;
      const reEnable = activeBy(t, userId, 'True').finally(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
      release();
      return reEnable;
    }

    it('a company owner re-enabled: no longer one once it answers, so the other cannot be disabled', async () => {
      const { t, o } = await subscription();
      const [first, second] = await users(t, 2);
      await o.addCompanyOwner(first.id);
      await o.addCompanyOwner(second.id);
      const items = await o.give(first.id, 5, 1);
      const reEnabled = await whileHeld(holdSaga(), async (release) => {
        expect((await activeBy(t, first.id, 'False')).status).toBe(200);
        return reEnableWhileHeld(t, first.id, release);
      });
      expect(reEnabled.status).toBe(200);
      expect(reEnabled.body).toMatchObject({ active: true });
      expect((await o.roles()).companyOwners.map((c) => c.userId)).toEqual([second.id]);
      expect(await o.holdings(first.id)).toEqual(NOTHING);
      expect(await o.holdings(second.id)).toEqual(items);

      const refused = await activeBy(t, second.id, 'False');
      expectScimError(refused, 409, undefined, /only company owner/);
      expect((await getUser(t, second.id)).active).toBe(true);
    });

    it('a user re-enabled: what it is given afterwards stays with it', async () => {
      const { t, o } = await subscription();
      const [owner, boss, user] = await users(t, 3);
      await o.setOwner(owner.id);
      await setManager(t, user.id, boss.id);
      const before = await o.give(user.id, 3, 1);
      const reEnabled = await whileHeld(holdSaga(), async (release) => {
        expect((await activeBy(t, user.id, 'False')).status).toBe(200);
        return reEnableWhileHeld(t, user.id, release);
      });
      expect(reEnabled.status).toBe(200);
      const after = await o.give(user.id, 2, 1);
      await sagaBarrier();

      expect(await o.holdings(user.id)).toEqual(after);
      expect(await o.holdings(boss.id)).toEqual(before);
      expect((await o.transfers()).map((x) => [x.fromUserId, x.toUserId, x.status])).toEqual([
        [user.id, boss.id, 'completed'],
      ]);
    });
  });

  describe('the heir disabled before the transfer ends: the remaining items follow the rule again from that heir', () => {
    /*
     * Why it holds: the saga (one process manager on a checkpointed subscription to $all) handles
     * disables one at a time, in log order. The user's disable comes first, so its transfer runs to
     * the end (every item reaches the heir) before the heir's own disable is handled; that one then
     * finds every item with the heir and moves it on by the heir's own rule. Each step moves an item
     * only if its "from" user still holds it, so nothing is lost or moved twice. For the heir's
     * disable to carry a handover at all, the decision counts a pending handover: its heir does not
     * "own nothing", and a subscription ownership it is receiving is already its own.
     */

    /**
     * Lets the saga move `count` items of `fromUserId`, then holds it before the next one.
     * The items are moved through the shared repository: only the transfer steps are held.
     */
    function holdTransferAfter(fromUserId: string, count: number) {
      const repository = running.app.get(EventSourcedRepository);
      const execute = repository.execute.bind(repository) as (...args: unknown[]) => Promise<unknown>;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let moved = 0;
      const spy = jest.spyOn(repository, 'execute').mockImplementation((async (...args: unknown[]) => {
        const step = args[2] as { type?: string; fromUserId?: string };
        if (step.type === 'Transfer' && step.fromUserId === fromUserId && ++moved > count) await gate;
        return execute(...args);
      }) as typeof repository.execute);
      return { release, restore: () => spy.mockRestore() };
    }

    it("before any item moved: the heir's own heir (the subscription owner) gets everything", async () => {
      const { t, o } = await subscription();
      const [owner, heir, user] = await users(t, 3);
      await o.setOwner(owner.id);
      await setManager(t, user.id, heir.id);
      const items = await o.give(user.id, 12, 4);

      await whileHeld(holdSaga(), async () => {
        await patchUser(t, user.id, { op: 'Replace', path: 'active', value: 'False' });
        // The heir holds none of the items yet, but it is the heir of a pending transfer: its
        // disable moves them too, and the preview says so.
        expect(await o.preview(heir.id)).toEqual({
          userId: heir.id,
          outcome: 'transfer',
          heirId: owner.id,
          rule: 'subscription-owner',
          takesSubscriptionOwnership: false,
          removesCompanyOwnership: false,
          items,
        });
        expect(await o.holdings(heir.id)).toEqual(NOTHING);
        expect((await o.disable(heir.id)).status).toBe(200);
        expect(await o.transfers()).toEqual([]);
      });

      const first = await o.waitForTransfer(user.id);
      const second = await o.waitForTransfer(heir.id);
      expectCompletedTransfer(first, { from: user.id, to: heir.id, rule: 'manager', items });
      expectCompletedTransfer(second, { from: heir.id, to: owner.id, rule: 'subscription-owner', items });
      expect(second.startedAt >= first.endedAt!).toBe(true);
      expect((await o.transfers()).map((x) => [x.fromUserId, x.toUserId, x.rule])).toEqual([
        [user.id, heir.id, 'manager'],
        [heir.id, owner.id, 'subscription-owner'],
      ]);
      expect(await o.holdings(owner.id)).toEqual(items);
      expect(await o.holdings(heir.id)).toEqual(NOTHING);
      expect(await o.holdings(user.id)).toEqual(NOTHING);
    });

    it('half-way through: the items already with the heir and the remaining ones all end with the next heir', async () => {
      const { t, o } = await subscription();
      const [owner, heir, user] = await users(t, 3);
      await o.setOwner(owner.id);
      await setManager(t, user.id, heir.id);
      const items = await o.give(user.id, 20, 5);
      const heirOwn = await o.give(heir.id, 1, 0);

      await whileHeld(holdTransferAfter(user.id, 10), async () => {
        let movedBefore = 0;
        await patchUser(t, user.id, { op: 'Replace', path: 'active', value: 'False' });
        // Wait until the saga moved some (not all) of the items, then disable the heir.
        for (const deadline = Date.now() + 10_000; movedBefore < 10 && Date.now() < deadline;) {
          const [transfer] = await o.transfers();
          movedBefore = transfer ? transfer.items.resources.length + transfer.items.permissions.length : 0;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(movedBefore).toBe(10);
        const heirPreview = await o.preview(heir.id);
        expect(heirPreview).toMatchObject({
          outcome: 'transfer',
          heirId: owner.id,
          rule: 'subscription-owner',
        });
        expect((await scimPatch(t, heir.id, { op: 'replace', value: { active: 'false' } })).status).toBe(200);
        expect((await o.transfers()).map((x) => x.status)).toEqual(['in-progress']);
      });

      const first = await o.waitForTransfer(user.id);
      const second = await o.waitForTransfer(heir.id);
      expectCompletedTransfer(first, { from: user.id, to: heir.id, rule: 'manager', items });
      const all = {
        resources: [...items.resources, ...heirOwn.resources].sort(),
        permissions: items.permissions,
      };
      expectCompletedTransfer(second, {
        from: heir.id,
        to: owner.id,
        rule: 'subscription-owner',
        items: all,
      });
      expect(await o.holdings(owner.id)).toEqual(all);
      expect(await o.holdings(heir.id)).toEqual(NOTHING);
    });

    it("the subscription owner's heir disabled before the role moved: role and items go on to another company owner", async () => {
      const { t, o } = await subscription();
      const [co1, co2, co3] = await users(t, 3);
      for (const co of [co1, co2, co3]) await o.addCompanyOwner(co.id);
      const [owner] = await users(t, 1);
      await o.setOwner(owner.id);
      const items = await o.give(owner.id, 3, 1);

      await whileHeld(holdSaga(), async () => {
        expect((await o.disable(owner.id)).status).toBe(200);
        // co1 is receiving the subscription ownership and the owner's items: disabling it hands
        // them on too.
        expect(await o.preview(co1.id)).toEqual({
          userId: co1.id,
          outcome: 'transfer',
          heirId: co2.id,
          rule: 'another-company-owner',
          takesSubscriptionOwnership: true,
          removesCompanyOwnership: true,
          items,
        });
        expect((await o.disable(co1.id)).status).toBe(200);
      });

      const first = await o.waitForTransfer(owner.id);
      const second = await o.waitForTransfer(co1.id);
      expectCompletedTransfer(first, {
        from: owner.id,
        to: co1.id,
        rule: 'company-owner-for-subscription-owner',
        // The role was refused to the disabled heir: the transfer says so; co1's own carried it on.
        roles: [],
        rolesNotMoved: [{ role: 'subscription-owner', reason: expect.stringMatching(/is disabled/) }],
        items,
      });
      expectCompletedTransfer(second, {
        from: co1.id,
        to: co2.id,
        rule: 'another-company-owner',
        roles: ['subscription-owner', 'company-owner-removed'],
        items,
      });
      expect(await o.holdings(co2.id)).toEqual(items);
      const roles = await o.roles();
      expect(roles.subscriptionOwner).toBe(co2.id);
      expect(roles.companyOwners.map((c) => c.userId)).toEqual([co2.id, co3.id]);
    });
  });

  describe("an admin assigns the subscription owner while the disabled owner's handover is running", () => {
    it("the admin's owner stays: the handover moves the items, not the role, and says so", async () => {
      const { t, o } = await subscription();
      const [co, owner, pick] = await users(t, 3);
      await o.addCompanyOwner(co.id);
      await o.setOwner(owner.id);
      const items = await o.give(owner.id, 3, 1);
      await whileHeld(holdSaga(), async () => {
        expect((await scimPatch(t, owner.id, { op: 'Replace', path: 'active', value: 'False' })).status).toBe(
          200,
        );
        await o.setOwner(pick.id);
        // The owner as it stands, not the handover's heir: its disable would hand the role over.
        expect(await o.preview(pick.id)).toMatchObject({
          outcome: 'transfer',
          heirId: co.id,
          rule: 'company-owner-for-subscription-owner',
          takesSubscriptionOwnership: true,
        });
      });
      await sagaBarrier();
      expect((await o.roles()).subscriptionOwner).toBe(pick.id);
      expect(await o.holdings(co.id)).toEqual(items);
      const [transfer] = await o.transfers();
      expect(transfer).toMatchObject({
        fromUserId: owner.id,
        toUserId: co.id,
        status: 'completed',
        roles: [],
        rolesNotMoved: [
          {
            role: 'subscription-owner',
            reason: expect.stringContaining(`assigned after ${owner.id} was disabled`),
          },
        ],
      });
    });
  });
});
