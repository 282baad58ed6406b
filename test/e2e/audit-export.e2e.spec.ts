import { expect } from '@jest/globals';
import * as http from 'node:http';
import { RunningApp, startApp } from '../support/e2e-app';
import { client } from '../support/http-client';
import { ExportLine, expectAdminError, parseNdjson } from '../support/audit-fixtures';
import { ownershipApi } from '../support/ownership-fixtures';
import { Tenant, createTenant, patchUser, provision, uniqueSubscriptionName } from '../support/scim-fixtures';

/** Audit: the whole log as NDJSON, resumable from the last position received. */
describe('audit: event log export (GET /admin/v1/events)', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let all: ExportLine[];

  const exportLog = (query = '') => running.admin.get(`/admin/v1/events${query === '' ? '' : `?${query}`}`);

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('exp'));
    const users = await Promise.all(Array.from({ length: 20 }, () => provision(tenant)));
    for (const user of users.slice(0, 5))
      await patchUser(tenant, user.id, { op: 'replace', path: 'title', value: 'CTO' });
    await ownershipApi(running.admin, tenant.name).createResource(users[0].id, 'export me');
    const response = await exportLog();
    expect(response.status).toBe(200);
    all = parseNdjson(response.text);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('streams NDJSON: one parseable event per line, in log order', async () => {
    const response = await exportLog();
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.headers['x-correlation-id']).toEqual(expect.any(String));
    expect(all.length).toBeGreaterThan(20 + 5);
    for (const line of all) {
      expect(Object.keys(line)).toEqual(['position', 'stream', 'revision', 'id', 'type', 'data', 'metadata']);
      expect(line.metadata).toMatchObject({
        schemaVersion: expect.any(Number),
        correlationId: expect.any(String),
        actor: expect.any(String),
        timestamp: expect.any(String),
      });
    }
    const positions = all.map((line) => BigInt(line.position));
    for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);
    expect(all.filter((l) => l.type === 'UserProvisioned')).toHaveLength(20);
    expect(all.find((l) => l.type === 'ResourceCreated')).toMatchObject({
      data: { resourceType: 'dashboard', name: 'export me' },
      metadata: { schemaVersion: 2, actor: 'admin' },
    });
  });

  it('limit cuts the export; fromPosition (exclusive) resumes it where it stopped', async () => {
    const resumed: ExportLine[] = [];
    let from: string | undefined;
    for (;;) {
      const page = parseNdjson((await exportLog(`limit=7${from ? `&fromPosition=${from}` : ''}`)).text);
      expect(page.length).toBeLessThanOrEqual(7);
      if (page.length === 0) break;
      resumed.push(...page);
      from = page[page.length - 1].position;
    }
    expect(resumed).toEqual(all);
  });

  it('from the last position, nothing more (200, empty body)', async () => {
    const response = await exportLog(`fromPosition=${all[all.length - 1].position}`);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect(parseNdjson((await exportLog('fromPosition=0&limit=1')).text)).toEqual([all[0]]);
  });

  it('a larger export arrives whole, in many chunks', async () => {
    // ~64 KiB chunks: enough users to need several.
    await Promise.all(Array.from({ length: 150 }, () => provision(tenant)));
    const lines = parseNdjson((await exportLog()).text);
    expect(lines.length).toBeGreaterThanOrEqual(all.length + 150);
    expect(lines.slice(0, all.length)).toEqual(all);
  });

  it('a client that goes away mid-stream does not hurt the server', async () => {
    const url = new URL('/admin/v1/events', running.baseUrl);
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { authorization: `Bearer ${running.adminKey}` },
        },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (error) => (req.destroyed ? resolve() : reject(error)));
    });
    expect((await exportLog('limit=1')).status).toBe(200);
  });

  it('refuses bad parameters (400) and callers without the admin key (401)', async () => {
    for (const query of ['fromPosition=abc', 'fromPosition=-1', 'limit=0', 'limit=x', 'since=1'])
      expectAdminError(await exportLog(query), 400);
    expectAdminError(await client(running.baseUrl).get('/admin/v1/events'), 401);
  });
});
