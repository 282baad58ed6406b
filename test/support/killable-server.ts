import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, client } from './http-client';
import { Tenant } from './scim-fixtures';
import { Exited, freePort, startServer, waitReady } from './server-process';

export const KILLABLE_ADMIN_KEY = 'crash-test-admin-key-0123456789abcdef';

/** The real server (`node dist/src/main.js`, built by `pretest`) on DATA_DIR, ready to serve. */
export interface KillableServer {
  baseUrl: string;
  admin: Client;
  child: ChildProcess;
  exited: Promise<Exited>;
}

/** Starts the built server as a child process: crash tests SIGKILL it and start it again. */
export async function startKillable(dataDir: string): Promise<KillableServer> {
  const port = await freePort();
  const { child, exited } = startServer({
    DATA_DIR: dataDir,
    PORT: String(port),
    ADMIN_API_KEY: KILLABLE_ADMIN_KEY,
    PUBLIC_BASE_DOMAIN: 'portal.test',
  });
  try {
    await waitReady(port);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}: ${(await exited).stderr}`);
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    admin: client(baseUrl, { authorization: `Bearer ${KILLABLE_ADMIN_KEY}` }),
    child,
    exited,
  };
}

/** A crash test file's DATA_DIR, and the servers it starts there. */
export interface CrashTestDataDir {
  /** The folder (set before the file's tests run). */
  readonly path: string;
  /** startKillable on this folder. */
  start(): Promise<KillableServer>;
}

/**
 * A fresh temporary DATA_DIR for the file's tests; after them, every server started on it is
 * killed if it still runs, and the folder removed. Call it in a describe block.
 */
export function crashTestDataDir(prefix: string): CrashTestDataDir {
  let dir = '';
  const started: KillableServer[] = [];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(async () => {
    for (const server of started) await killIfRunning(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get path() {
      return dir;
    },
    async start() {
      const server = await startKillable(dir);
      started.push(server);
      return server;
    },
  };
}

/** Kills it if it still runs (a test's clean-up). */
export async function killIfRunning(server: KillableServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}

/** A subscription with one SCIM token, on the killable server. */
export async function createTenantOn(server: KillableServer, name: string): Promise<Tenant> {
  const created = await server.admin.post('/admin/v1/subscriptions', { name, companyName: `${name} Inc.` });
  if (created.status !== 201) throw new Error(`subscription ${name}: ${created.status} ${created.text}`);
  const issued = await server.admin.post(`/admin/v1/subscriptions/${name}/scim-tokens`, {
    description: 'Entra ID',
  });
  if (issued.status !== 201) throw new Error(`token of ${name}: ${issued.status} ${issued.text}`);
  const { token, id } = issued.body as { token: string; id: string };
  const host = `users-${name}.portal.test`;
  return {
    name,
    token,
    tokenId: id,
    host,
    scim: client(server.baseUrl, { authorization: `Bearer ${token}`, host }),
  };
}
