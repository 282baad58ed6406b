import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, startServer, waitReady } from '../support/server-process';

const ADMIN = 'startup-test-admin-key-0123456789';
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'scim-start-'));

describe('start-up faults stop the server with a clear message and a non-zero exit', () => {
  it('names a bad configuration variable', async () => {
    const { exited } = startServer({ DATA_DIR: tempDir(), PORT: 'abc', LOG_LEVEL: 'loud' });
    const result = await exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/LOG_LEVEL/);
  });

  it('names an unwritable DATA_DIR', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const { exited } = startServer({ DATA_DIR: path.join(file, 'data'), PORT: String(await freePort()) });
    const result = await exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/DATA_DIR/);
  });

  it('refuses a corrupt event store file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'events.db'), Buffer.alloc(8192, 7));
    const { exited } = startServer({ DATA_DIR: dir, PORT: String(await freePort()), ADMIN_API_KEY: ADMIN });
    const result = await exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/events\.db|not a database|corrupt/i);
  });

  it('refuses a second process on the same DATA_DIR, and the first keeps serving', async () => {
    const dir = tempDir();
    const port = await freePort();
    const first = startServer({ DATA_DIR: dir, PORT: String(port), ADMIN_API_KEY: ADMIN });
    try {
      await waitReady(port);
      const second = startServer({ DATA_DIR: dir, PORT: String(await freePort()), ADMIN_API_KEY: ADMIN });
      const result = await second.exited;
      expect(result.code).not.toBe(0);
      expect(result.stderr + result.stdout).toMatch(/in use|another process|locked/i);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('refuses an unreachable EventStoreDB within seconds', async () => {
    const started = Date.now();
    const { exited } = startServer({
      DATA_DIR: tempDir(),
      PORT: String(await freePort()),
      ADMIN_API_KEY: ADMIN,
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${await freePort()}?tls=false`,
    });
    const result = await exited;
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/EventStoreDB|esdb:\/\/127\.0\.0\.1/i);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('running and stopping', () => {
  it('generates the admin key with mode 0600, answers health, and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const port = await freePort();
    const server = startServer({ DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'info' });
    await waitReady(port);
    const keyFile = path.join(dir, 'admin-api-key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    // Personal data and token hashes: the service's user only, whatever the operator's umask.
    for (const file of ['events.db', 'read-model.db', 'provisioning-log.db'])
      expect({ file, others: fs.statSync(path.join(dir, file)).mode & 0o077 }).toEqual({ file, others: 0 });
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const admin = await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(admin.status).toBe(200);
    server.child.kill('SIGTERM');
    const result = await server.exited;
    expect(result.code).toBe(0);
    // The structured log says where the generated key is, never the key itself.
    expect(result.stdout).toContain(keyFile);
    expect(result.stdout).not.toContain(key);
    for (const line of result.stdout.trim().split('\n'))
      expect((): unknown => JSON.parse(line)).not.toThrow();
  });

  it('says where a generated admin key is even with LOG_LEVEL=silent', async () => {
    const dir = tempDir();
    const port = await freePort();
    const server = startServer({ DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'silent' });
    await waitReady(port);
    server.child.kill('SIGTERM');
    const result = await server.exited;
    const keyFile = path.join(dir, 'admin-api-key');
    expect(result.stderr).toContain(keyFile);
    expect(result.stderr).not.toContain(fs.readFileSync(keyFile, 'utf8').trim());
  });

  it('sets a damaged read model or provisioning log aside (kept, renamed) and starts; the read model is replayed from the log', async () => {
    const dir = tempDir();
    const port = await freePort();
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const first = startServer({ DATA_DIR: dir, PORT: String(port), ADMIN_API_KEY: ADMIN });
    await waitReady(port);
    const created = await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'kept', companyName: 'Kept Ltd' }),
    });
    expect(created.status).toBe(201);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    // Both used to stop the start with a bare "SqliteError: file is not a database".
    const garbage = Buffer.alloc(8192, 7);
    for (const file of ['read-model.db', 'provisioning-log.db']) {
      for (const suffix of ['-wal', '-shm']) fs.rmSync(path.join(dir, file + suffix), { force: true });
      fs.writeFileSync(path.join(dir, file), garbage);
    }
    const again = startServer({ DATA_DIR: dir, PORT: String(port), ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'warn' });
    try {
      await waitReady(port);
      const shown = await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions/kept`, { headers: admin });
      expect(shown.status).toBe(200);
      const log = await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions/kept/provisioning-log`, {
        headers: admin,
      });
      expect(log.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
    }
    const result = await again.exited;
    expect(result.code).toBe(0);
    for (const file of ['read-model.db', 'provisioning-log.db']) {
      const aside = fs
        .readdirSync(dir)
        .filter((name) => name.startsWith(`${file}.corrupt-`) && !/-(wal|shm)$/.test(name));
      expect({ file, aside: aside.length }).toEqual({ file, aside: 1 });
      expect(fs.readFileSync(path.join(dir, aside[0]!))).toEqual(garbage);
      expect(result.stdout).toContain(`moved to ${path.join(dir, aside[0]!)}`);
    }
  });

  it('finishes in-flight writes on SIGTERM: every acknowledged create is there after restart', async () => {
    const dir = tempDir();
    const port = await freePort();
    const server = startServer({ DATA_DIR: dir, PORT: String(port), ADMIN_API_KEY: ADMIN });
    await waitReady(port);
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const created: string[] = [];
    const writes = Array.from({ length: 40 }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: `tenant-${i}`, companyName: `Tenant ${i}` }),
      })
        .then((response) => {
          if (response.status === 201) created.push(`tenant-${i}`);
        })
        .catch(() => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGTERM');
    await Promise.all(writes);
    expect((await server.exited).code).toBe(0);
    expect(created.length).toBeGreaterThan(0);

    const again = startServer({ DATA_DIR: dir, PORT: String(port), ADMIN_API_KEY: ADMIN });
    try {
      await waitReady(port);
      const list = (await (
        await fetch(`http://127.0.0.1:${port}/admin/v1/subscriptions`, { headers: admin })
      ).json()) as {
        subscriptions: { name: string }[];
      };
      const names = new Set(list.subscriptions.map((s) => s.name));
      for (const name of created) expect(names.has(name)).toBe(true);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });
});
