import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/platform/config/load-config';
import { parsePosition } from '../../src/platform/event-store/position';
import { READ_MODEL_RUNNER } from '../../src/platform/read-model/read-model-database';
import { ScratchReadModel } from '../../src/platform/read-model/rebuild/scratch-read-model';
import { openOfflineApp } from '../../src/tools/offline-app';
import { compareReadModels } from '../../src/tools/replay/read-model-diff';
import { EXIT, REPLAY_FILE, runReplay } from '../../src/tools/replay/replay-command';
import { parseReplayOptions } from '../../src/tools/replay/replay-options';
import { RunningApp, TEST_ADMIN_KEY, startApp } from '../support/e2e-app';
import {
  ScimUser,
  Tenant,
  createTenant,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';
import {
  addMembers,
  createGroup,
  patchGroup,
  removeMembers,
  seedUsers,
} from '../support/scim-group-fixtures';

const run = promisify(execFile);
const TOOL = path.resolve(__dirname, '../../dist/src/tools/replay.js');

async function replay(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const config = loadConfig({ DATA_DIR: dataDir, ADMIN_API_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'silent' });
  const code = await runReplay(parseReplayOptions(args), config, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('npm run replay -- --verify', () => {
  let running: RunningApp;
  let users: ScimUser[];

  const deleted = async (tenant: Tenant, path: string) => {
    const response = await tenant.scim.delete(path);
    if (response.status !== 204) throw new Error(`DELETE ${path}: ${response.status} ${response.text}`);
  };

  // The live runner applies these a request at a time (seedUsers: many appends at once, so some
  // bigger batches too); the replays in big bulk batches. Surrogate keys (scim_resource.doc,
  // scim_scope.scope) must come out the same: they are log positions, not insertion counters.
  beforeAll(async () => {
    running = await startApp();
    const tenant = await createTenant(running, uniqueSubscriptionName('replay'));
    users = [];
    for (let i = 0; i < 5; i++) users.push(await provision(tenant));
    await patchUser(tenant, users[1].id, { op: 'replace', path: 'title', value: 'Replayed' });
    const gone = await provision(tenant);
    const sales = await createGroup(tenant, { displayName: 'Sales' });
    const nested = await createGroup(tenant, { displayName: 'Sales EMEA' });
    await patchGroup(tenant, sales.id, addMembers([users[0].id, users[3].id, gone.id, nested.id]));
    await patchGroup(tenant, nested.id, addMembers([users[4].id]));
    await patchGroup(tenant, sales.id, removeMembers([users[3].id]));
    await patchGroup(tenant, sales.id, { op: 'replace', path: 'displayName', value: 'Sales and Marketing' });
    await deleted(tenant, `/scim/v2/Users/${gone.id}`);
    const dropped = await createGroup(tenant, { displayName: 'Dropped' });
    await patchGroup(tenant, dropped.id, addMembers([users[0].id]));
    await deleted(tenant, `/scim/v2/Groups/${dropped.id}`);
    // A second subscription whose first resource is a group: its scopes come in the other order.
    const other = await createTenant(running, uniqueSubscriptionName('replay'));
    const team = await createGroup(other, { displayName: 'Team' });
    const seeded = await seedUsers(running, other, 40);
    await patchGroup(other, team.id, addMembers(seeded.slice(0, 10)));
    await patchUser(other, seeded[5], { op: 'replace', path: 'title', value: 'Lead' });
    await running.close({ keepData: true });
  });
  afterAll(() => {
    fs.rmSync(running.dataDir, { recursive: true, force: true });
  });

  it('rebuilds a clean DATA_DIR into a scratch file and finds no difference (exit 0)', async () => {
    const { code, output } = await replay(running.dataDir, '--verify');
    expect(output).toMatch(/verify: OK/);
    expect(output).toMatch(/scim_resource: identical/);
    expect(output).toMatch(/scim_attr: identical \(\d+ rows live/);
    expect(output).toMatch(/scim_group_member: identical \(\d+ rows live/);
    expect(output).toMatch(/scim_scope: identical \(4 rows live, 4 rebuilt\)/);
    expect(code).toBe(EXIT.ok);
    expect(fs.existsSync(path.join(running.dataDir, REPLAY_FILE))).toBe(false);
  });

  it('a replay whose bulk batches split the users (2 events each) finds no difference either', async () => {
    const config = loadConfig({
      DATA_DIR: running.dataDir,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      LOG_LEVEL: 'silent',
    });
    const app = await openOfflineApp(config);
    const file = path.join(running.dataDir, 'read-model.small-batches.db');
    try {
      const checkpoint = app.liveDb
        .prepare('SELECT position FROM projection_checkpoint WHERE name = ?')
        .pluck()
        .get(READ_MODEL_RUNNER) as string;
      const until = parsePosition(checkpoint);
      const scratch = ScratchReadModel.open(file, app.readModel.replaySources, { bulkBatchSize: 2, until });
      try {
        scratch.start();
        await scratch.reach(until);
      } finally {
        await scratch.close();
      }
      const comparison = compareReadModels(app.liveDb, file, 10);
      expect(comparison.tables.filter((table) => table.table.startsWith('scim_'))).toHaveLength(4);
      expect(comparison.tables.flatMap((table) => table.samples)).toEqual([]);
      expect(comparison.differences).toBe(0);
    } finally {
      await app.close();
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
    }
  });

  it('without --verify, only rebuilds and prints figures', async () => {
    const { code, output } = await replay(running.dataDir);
    expect(code).toBe(EXIT.ok);
    expect(output).toMatch(/replayed \d+ events up to position \d+/);
    expect(output).toMatch(/scim_resource: \d+ rows/);
    expect(fs.existsSync(path.join(running.dataDir, REPLAY_FILE))).toBe(true);
    // A bulk load's file has 16 KiB pages (a quarter of the writes); the swap copies rows into 4 KiB.
    const rebuilt = new Database(path.join(running.dataDir, REPLAY_FILE), { readonly: true });
    try {
      expect(rebuilt.pragma('page_size', { simple: true })).toBe(16384);
    } finally {
      rebuilt.close();
    }
  });

  it('reports every tampered row, with its key, column and both values (exit 1)', async () => {
    const db = new Database(path.join(running.dataDir, 'read-model.db'));
    db.prepare("UPDATE scim_resource SET version = 99 WHERE rtype = 'User' AND id = ?").run(users[1].id);
    db.prepare('DELETE FROM idn_user WHERE id = ?').run(users[2].id);
    db.close();
    const { code, output } = await replay(running.dataDir, '--verify');
    expect(code).toBe(EXIT.differences);
    expect(output).toContain(`id="${users[1].id}") column version: live 99, rebuilt 1`);
    expect(output).toMatch(
      new RegExp(`idn_user: 1 difference .*\\n.*only in rebuilt: \\(sub="[^"]+", id="${users[2].id}"\\)`),
    );
    expect(output).toMatch(/verify: 2 differences/);
    expect(fs.existsSync(path.join(running.dataDir, REPLAY_FILE))).toBe(true);
  });

  it('exits with 1 from the command line too', async () => {
    if (!fs.existsSync(TOOL)) throw new Error(`${TOOL} is missing: run npm run build first`);
    const failure = await run(process.execPath, [TOOL, '--verify', '--data-dir', running.dataDir]).then(
      () => undefined,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failure?.code).toBe(EXIT.differences);
    expect(failure?.stdout).toMatch(/the live read model does not match the event log/);
  });

  it('refuses a DATA_DIR without an event store (exit 2) and creates nothing there', async () => {
    const missing = path.join(running.dataDir, 'no-such-dir');
    for (const args of [[], ['--verify']]) {
      const { code, output } = await replay(missing, ...args);
      expect(code).toBe(EXIT.failed);
      expect(output).toMatch(/no event store in .*no-such-dir \(events\.db not found\)/);
    }
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('says clearly that a running server holds DATA_DIR (exit 2)', async () => {
    const server = await startApp({}, running.dataDir);
    try {
      const { code, output } = await replay(running.dataDir, '--verify');
      expect(code).toBe(EXIT.failed);
      expect(output).toMatch(/already in use/);
      expect(output).toMatch(/stop it, then run the replay again/);
      // The command line too, and it ends: it used to hang on handles of the half-opened modules.
      const failure = await run(process.execPath, [TOOL, '--verify', '--data-dir', running.dataDir], {
        timeout: 15_000,
      }).then(
        () => undefined,
        (error: { code?: number; signal?: string }) => error,
      );
      expect({ code: failure?.code, signal: failure?.signal }).toEqual({ code: EXIT.failed, signal: null });
    } finally {
      await server.close({ keepData: true });
    }
  });
});
