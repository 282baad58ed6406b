import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryEntryView, auditApi } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import { EsdbDouble } from '../support/esdb-double/esdb-double';
import { Holdings, TransferView, ownershipApi } from '../support/ownership-fixtures';
import {
  ENTERPRISE_SCHEMA,
  ScimUser,
  Tenant,
  createTenant,
  getUser,
  patchUser,
  provision,
  reconnect,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import { ScimGroup, createGroup, getGroup, patchGroup } from '../support/scim-group-fixtures';

/** Built by `npm run build` (the `pretest` script). */
const IMPORT_CLI = path.resolve(__dirname, '../../dist/src/modules/audit/tools/events-import.js');

function runImport(
  file: string,
  env: Record<string, string>,
  ...more: string[]
): Promise<{ code: number | null; stderr: string }> {
  const base = { ...process.env };
  delete base.EVENT_STORE;
  delete base.DATA_DIR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [IMPORT_CLI, '--in', file, ...more], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...base, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/** A server on an imported log replays its read model at start: SCIM answers once it is ready. */
async function untilReady(running: RunningApp): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await running.admin.get('/health/ready')).status !== 200) {
    if (Date.now() > deadline) throw new Error('the restored server did not get ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What the tests compare between the source server and a server on the imported log. */
interface Observed {
  users: ScimUser[];
  group: ScimGroup;
  transfers: TransferView[];
  bossHoldings: Holdings;
  /** Event ids of each user's history, in order. */
  histories: string[][];
}

describe('events:import: restore a backup, migrate SQLite to EventStoreDB', () => {
  let root: string;
  let file: string;
  let tenant: Tenant;
  let userIds: string[];
  let groupId: string;
  let bossId: string;
  let before: Observed;
  let exportedEvents: number;

  async function observe(running: RunningApp, t: Tenant): Promise<Observed> {
    const o = ownershipApi(running.admin, t.name);
    const audit = auditApi(running.admin, t.name);
    const histories: string[][] = [];
    for (const id of userIds)
      histories.push((await audit.fullHistory('users', id)).map((e: HistoryEntryView) => e.eventId));
    return {
      users: await Promise.all(userIds.map((id) => getUser(t, id))),
      group: await getGroup(t, groupId),
      transfers: await o.transfers(),
      bossHoldings: await o.holdings(bossId),
      histories,
    };
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'import-e2e-'));
    const source = await startApp();
    try {
      tenant = await createTenant(source, uniqueSubscriptionName('imp'));
      const o = ownershipApi(source.admin, tenant.name);
      const [owner, boss, alice, bob] = [
        await provision(tenant),
        await provision(tenant),
        await provision(tenant),
        await provision(tenant),
      ];
      bossId = boss.id;
      userIds = [owner.id, boss.id, alice.id, bob.id];
      await o.setOwner(owner.id);
      await patchUser(tenant, alice.id, { op: 'Add', path: `${ENTERPRISE_SCHEMA}:manager`, value: boss.id });
      await patchUser(tenant, bob.id, { op: 'replace', path: 'title', value: 'Director' });
      const group = await createGroup(tenant);
      groupId = group.id;
      await patchGroup(tenant, group.id, {
        op: 'Add',
        path: 'members',
        value: [{ value: alice.id }, { value: bob.id }],
      });
      // Alice owns things, then Entra disables her: everything moves to her manager.
      await o.give(alice.id, 2, 1);
      await patchUser(tenant, alice.id, { op: 'Replace', path: 'active', value: 'False' });
      await o.waitForTransfer(alice.id);

      before = await observe(source, tenant);
      const exported = await source.admin.get('/admin/v1/events');
      expect(exported.status).toBe(200);
      file = path.join(root, 'events.ndjson');
      fs.writeFileSync(file, exported.text);
      exportedEvents = exported.text.trimEnd().split('\n').length;
    } finally {
      await source.close();
    }
  }, 60_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('restores into a fresh DATA_DIR: the same users, group, transfer and history, and the old SCIM token works', async () => {
    const dataDir = path.join(root, 'restored');
    const run = await runImport(file, { DATA_DIR: dataDir });
    expect(run.stderr).toMatch(
      new RegExp(
        `^the file's ${exportedEvents} events are in the target: ${exportedEvents} written now, 0 already there`,
      ),
    );
    expect(run.code).toBe(0);

    const restored = await startApp({}, dataDir);
    try {
      await untilReady(restored);
      // The SCIM token is an event (ScimTokenIssued, the secret's hash): the one Entra holds still works.
      const entra = reconnect(restored, tenant);
      expect((await entra.scim.get(`/scim/v2/Users/${userIds[0]}`)).status).toBe(200);
      const after = await observe(restored, entra);
      expect(after).toEqual(before);
      expect(after.users.map((u) => u.meta.version)).toEqual(before.users.map((u) => u.meta.version));
      expect(after.group.members?.map((m) => m.value).sort()).toEqual([userIds[2], userIds[3]].sort());
      expect(after.transfers).toMatchObject([
        { fromUserId: userIds[2], toUserId: bossId, status: 'completed' },
      ]);
      expect(after.bossHoldings.resources).toHaveLength(2);
    } finally {
      await restored.close();
    }
  }, 60_000);

  it('migrates to EventStoreDB: a server on it answers the same', async () => {
    const double = await EsdbDouble.start();
    try {
      const run = await runImport(file, {
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: double.connectionString,
      });
      expect(run.stderr).toMatch(
        new RegExp(
          `^the file's ${exportedEvents} events are in the target: ${exportedEvents} written now, 0 already there.* into EventStoreDB at `,
        ),
      );
      expect(run.code).toBe(0);
      const esdb = { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: double.connectionString };
      expect((await runImport(file, esdb)).code).toBe(2);
      // Resuming re-appends nothing: EventStoreDB answers the same ids at the same revisions as stored.
      const resumed = await runImport(file, esdb, '--continue');
      expect(resumed.stderr).toMatch(
        new RegExp(
          `^the file's ${exportedEvents} events are in the target: 0 written now, ${exportedEvents} already there`,
        ),
      );
      expect(resumed.code).toBe(0);

      const migrated = await startApp({
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: double.connectionString,
      });
      try {
        await untilReady(migrated);
        const entra = reconnect(migrated, tenant);
        expect(await observe(migrated, entra)).toEqual(before);
      } finally {
        await migrated.close();
      }
    } finally {
      await double.stop();
    }
  }, 60_000);
});
