import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { KNOWN_EVENT_VERSIONS } from '../../src/modules/audit/application/known-event-versions';
import { SUBSCRIPTION_EVENT_VERSIONS } from '../../src/modules/subscription/contracts/subscription.events';
import { loadConfig } from '../../src/platform/config/load-config';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { EXIT, runReplay } from '../../src/tools/replay/replay-command';
import { parseReplayOptions } from '../../src/tools/replay/replay-options';
import { freePort, startServer, waitReady } from '../support/server-process';

const ADMIN = 'stamp-test-admin-key-0123456789';
const known = SUBSCRIPTION_EVENT_VERSIONS.ProvisioningPolicyChanged;

function stampIn(dataDir: string): Record<string, number> {
  const db = new Database(path.join(dataDir, 'events.db'), { readonly: true });
  try {
    const rows = db.prepare<[], [string, number]>('SELECT type, version FROM event_versions').raw().all();
    return Object.fromEntries(rows);
  } finally {
    db.close();
  }
}

/** What a newer build does on its first start and then writes: stamps its version, appends at it. */
async function writeAsNewerBuild(dataDir: string): Promise<void> {
  const store = await SqliteEventStore.open({ dataDir });
  try {
    await store.raiseEventVersionStamp(new Map([['ProvisioningPolicyChanged', known + 1]]));
    await store.append(
      'subscription-contoso',
      [
        {
          id: randomUUID(),
          type: 'ProvisioningPolicyChanged',
          data: { subscription: 'contoso', requiredUserAttributes: { shape: 'of a newer build' } },
          metadata: {
            schemaVersion: known + 1,
            correlationId: randomUUID(),
            causationId: null,
            actor: 'admin',
            timestamp: new Date().toISOString(),
          },
        },
      ],
      'any',
    );
  } finally {
    await store.close();
  }
}

describe('a build on an event log written by a newer build (downgrade, restore into an older build)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-stamp-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('a start stamps the log with this build’s event versions', async () => {
    const port = await freePort();
    const server = startServer({ DATA_DIR: dataDir, PORT: String(port), ADMIN_API_KEY: ADMIN });
    try {
      await waitReady(port);
      const created = await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'contoso', companyName: 'Contoso Ltd' }),
      });
      expect(created.status).toBe(201);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect((await server.exited).code).toBe(0);
    expect(stampIn(dataDir)).toEqual(Object.fromEntries(KNOWN_EVENT_VERSIONS));
  });

  it('the server refuses to start on it, before it listens, naming the type, both versions and the remedy', async () => {
    await writeAsNewerBuild(dataDir);
    const port = await freePort();
    const started = Date.now();
    const { exited } = startServer({
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'info',
    });
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `the SQLite event store in ${dataDir} holds events written by a newer build of this service: ` +
        `ProvisioningPolicyChanged version ${known + 1} (this build reads up to ${known}).`,
    );
    expect(result.stderr).toMatch(
      /run that newer build .* or restore a backup of the event log taken before/,
    );
    expect(result.stdout).toMatch(/"msg":"Starting Nest application/); // the info log is on
    expect(result.stdout).not.toMatch(/"msg":"listening"/);
    expect(Date.now() - started).toBeLessThan(20_000);
    // Refused, it stamped nothing: the newer build still finds its own stamp.
    expect(stampIn(dataDir)).toMatchObject({ ProvisioningPolicyChanged: known + 1 });
  });

  it('the offline replay refuses it too', async () => {
    const errors: string[] = [];
    const config = loadConfig({ DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'silent' });
    const code = await runReplay(parseReplayOptions(['--verify']), config, (line) => errors.push(line));
    expect(code).not.toBe(EXIT.ok);
    expect(errors.join('\n')).toContain(
      `ProvisioningPolicyChanged version ${known + 1} (this build reads up to ${known})`,
    );
  });
});
