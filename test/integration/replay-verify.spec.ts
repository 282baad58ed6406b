import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/platform/config/load-config';
import { EXIT, REPLAY_FILE, runReplay } from '../../src/tools/replay/replay-command';
import { parseReplayOptions } from '../../src/tools/replay/replay-options';
import { RunningApp, TEST_ADMIN_KEY, startApp } from '../support/e2e-app';
import {
  ScimUser,
  createTenant,
  patchUser,
  provision,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

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

  beforeAll(async () => {
    running = await startApp();
    const tenant = await createTenant(running, uniqueSubscriptionName('replay'));
    users = [];
    for (let i = 0; i < 5; i++) users.push(await provision(tenant));
    await patchUser(tenant, users[1].id, { op: 'replace', path: 'title', value: 'Replayed' });
    await running.close({ keepData: true });
  });
  afterAll(() => {
    fs.rmSync(running.dataDir, { recursive: true, force: true });
  });

  it('rebuilds a clean DATA_DIR into a scratch file and finds no difference (exit 0)', async () => {
    const { code, output } = await replay(running.dataDir, '--verify');
    expect(output).toMatch(/verify: OK/);
    expect(output).toMatch(/scim_resource: identical/);
    expect(code).toBe(EXIT.ok);
    expect(fs.existsSync(path.join(running.dataDir, REPLAY_FILE))).toBe(false);
  });

  it('without --verify, only rebuilds and prints figures', async () => {
    const { code, output } = await replay(running.dataDir);
    expect(code).toBe(EXIT.ok);
    expect(output).toMatch(/replayed \d+ events up to position \d+/);
    expect(output).toMatch(/scim_resource: \d+ rows/);
    expect(fs.existsSync(path.join(running.dataDir, REPLAY_FILE))).toBe(true);
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

  it('says clearly that a running server holds DATA_DIR (exit 2)', async () => {
    const server = await startApp({}, running.dataDir);
    try {
      const { code, output } = await replay(running.dataDir, '--verify');
      expect(code).toBe(EXIT.failed);
      expect(output).toMatch(/already in use/);
      expect(output).toMatch(/stop it, then run the replay again/);
    } finally {
      await server.close({ keepData: true });
    }
  });
});
