import {
  permissionStream,
  resourceStream,
  transferStream,
} from '../../src/modules/ownership/contracts/ownership.events';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { Holdings, OwnershipApi, ownershipApi } from '../support/ownership-fixtures';
import { ENTERPRISE_SCHEMA, patchUser, provision, uniqueSubscriptionName } from '../support/scim-fixtures';
import { KillableServer, createTenantOn, crashTestDataDir } from '../support/killable-server';

/** Resources and permissions of the user whose transfer is interrupted; more on each retry. */
const ATTEMPTS: [resources: number, permissions: number][] = [
  [1500, 300],
  [3000, 600],
];
const CREATE_CONCURRENCY = 32;

/**
 * The saga's durability promise (architecture: "after a crash it resumes, and no item is lost or
 * moved twice"), with the real server as a child process: SIGKILL it in the middle of a transfer,
 * restart it on the same DATA_DIR, and check from the event log itself that every item was moved
 * exactly once, to the heir, and that the transfer was started and completed exactly once.
 */
describe('ownership transfer saga: crash (SIGKILL) in the middle of a transfer', () => {
  const data = crashTestDataDir('ownership-crash-');

  it('resumes after a restart and moves every item exactly once', async () => {
    const timings: Record<string, number | string> = {};
    const began = Date.now();
    let server = await data.start();
    timings.firstStartMs = Date.now() - began;

    const name = uniqueSubscriptionName('crash');
    const tenant = await createTenantOn(server, name);
    let o = ownershipApi(server.admin, name);
    const [co1, co2, owner, boss] = await Promise.all([1, 2, 3, 4].map(() => provision(tenant)));
    await o.addCompanyOwner(co1.id);
    await o.addCompanyOwner(co2.id);
    await o.setOwner(owner.id);

    let interrupted:
      { userId: string; items: Holdings; movedBeforeKill: number; killedAt: number } | undefined;
    for (const [resources, permissions] of ATTEMPTS) {
      const user = await provision(tenant);
      await patchUser(tenant, user.id, { op: 'Add', path: `${ENTERPRISE_SCHEMA}:manager`, value: boss.id });
      const creating = Date.now();
      const items = await o.give(user.id, resources, permissions, CREATE_CONCURRENCY);
      timings[`create${resources + permissions}ItemsMs`] = Date.now() - creating;

      const disabling = Date.now();
      await patchUser(tenant, user.id, { op: 'Replace', path: 'active', value: 'False' });
      const moved = await killWhenPartlyMoved(server, o, user.id, resources + permissions);
      if (moved.completed) {
        // Too fast to be caught half-way: try again with more items.
        timings[`uninterrupted${resources + permissions}ItemsMs`] = Date.now() - disabling;
        continue;
      }
      timings.disableToKillMs = moved.killedAt - disabling;
      interrupted = { userId: user.id, items, movedBeforeKill: moved.count, killedAt: moved.killedAt };
      break;
    }
    if (!interrupted)
      throw new Error(`every transfer completed before it could be killed: ${JSON.stringify(timings)}`);
    const { userId, items } = interrupted;
    const total = items.resources.length + items.permissions.length;
    expect(await server.exited).toMatchObject({ code: null, signal: 'SIGKILL' });

    const restarting = Date.now();
    server = await data.start();
    o = ownershipApi(server.admin, name);
    const transfer = await o.waitForTransfer(userId, 30_000, 20);
    timings.restartToCompletedMs = Date.now() - restarting;
    expect(transfer).toMatchObject({
      fromUserId: userId,
      toUserId: boss.id,
      rule: 'manager',
      status: 'completed',
    });
    expect(transfer.items).toEqual(items);
    expect(await o.holdings(boss.id)).toEqual(items);
    expect(await o.holdings(userId)).toEqual({ resources: [], permissions: [] });

    // A graceful stop: drains, closes the store, exits 0 (and releases DATA_DIR for the checks below).
    server.child.kill('SIGTERM');
    expect(await server.exited).toMatchObject({ code: 0, signal: null });

    const store = await SqliteEventStore.open({ dataDir: data.path });
    try {
      // Every item: exactly one move, in this transfer, and it ends with the heir.
      const problems: string[] = [];
      const moveTimes: number[] = [];
      const check = async (stream: string, movedType: string) => {
        const events = await readStream(store, stream);
        const moves = events.filter((e) => e.type === movedType);
        if (moves.length !== 1 || moves[0].data.transferId !== transfer.id)
          problems.push(`${stream}: ${moves.length} ${movedType} events`);
        const last = moves[moves.length - 1];
        if (last?.data.toUserId !== boss.id)
          problems.push(`${stream}: owned by ${String(last?.data.toUserId)}`);
        if (last) moveTimes.push(Date.parse(last.metadata.timestamp));
      };
      for (const id of items.resources) await check(resourceStream(name, id), 'ResourceOwnershipTransferred');
      for (const id of items.permissions) await check(permissionStream(name, id), 'PermissionTransferred');
      expect(problems).toEqual([]);

      // The transfer itself: started once, completed once, counting every item.
      const transferEvents = await readStream(store, transferStream(name, transfer.id));
      expect(transferEvents.map((e) => e.type)).toEqual([
        'OwnershipTransferStarted',
        'OwnershipTransferCompleted',
      ]);
      expect(transferEvents[1].data).toMatchObject({
        resources: items.resources.length,
        permissions: items.permissions.length,
      });

      // No stray move of this transfer anywhere else in the log.
      const movesInLog = new Map<string, number>();
      for await (const e of store.readAll())
        if (e.data.transferId === transfer.id) movesInLog.set(e.type, (movesInLog.get(e.type) ?? 0) + 1);
      expect(Object.fromEntries(movesInLog)).toEqual({
        OwnershipTransferStarted: 1,
        ResourceOwnershipTransferred: items.resources.length,
        PermissionTransferred: items.permissions.length,
        OwnershipTransferCompleted: 1,
      });

      // It really was interrupted: some items moved by the killed process, the rest after the restart.
      const beforeKill = moveTimes.filter((t) => t <= interrupted!.killedAt).length;
      const afterRestart = moveTimes.filter((t) => t >= restarting).length;
      expect(beforeKill).toBeGreaterThan(0);
      expect(afterRestart).toBeGreaterThan(0);
      expect(beforeKill + afterRestart).toBe(total);
      timings.itemsMovedBeforeKill = `${beforeKill} of ${total} (the API showed ${interrupted.movedBeforeKill})`;
    } finally {
      await store.close();
    }
    timings.totalMs = Date.now() - began;
    console.log(`ownership crash test timings: ${JSON.stringify(timings)}`);
  }, 120_000);
});

/**
 * Polls the transfers list as fast as the server answers; SIGKILLs the server as soon as the
 * transfer has moved some but not all of the items. Answers `completed` when it never saw that.
 */
async function killWhenPartlyMoved(
  server: KillableServer,
  o: OwnershipApi,
  fromUserId: string,
  total: number,
): Promise<{ completed: true } | { completed: false; count: number; killedAt: number }> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const transfer = (await o.transfers()).find((t) => t.fromUserId === fromUserId);
    if (transfer?.status === 'completed') return { completed: true };
    const count = transfer ? transfer.items.resources.length + transfer.items.permissions.length : 0;
    if (count > 0 && count < total) {
      server.child.kill('SIGKILL');
      return { completed: false, count, killedAt: Date.now() };
    }
  }
  throw new Error(`the transfer from ${fromUserId} did not start within 30 s`);
}

async function readStream(store: SqliteEventStore, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}
