import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { RunningApp, startApp } from '../support/e2e-app';
import { client, request } from '../support/http-client';
import {
  ScimUser,
  Tenant,
  createTenant,
  entraUser,
  filterQuery,
  provision,
  reconnect,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

interface Entry {
  id: number;
  at: string;
  method: string;
  path: string;
  filter: string | null;
  resourceType: string | null;
  resourceId: string | null;
  subject: string | null;
  status: number;
  error: { scimType: string | null; detail: string | null } | null;
  durationMs: number;
  correlationId: string;
  tokenId: string | null;
}

interface Page {
  entries: Entry[];
  nextCursor: string | null;
}

const LOG_FILE = 'provisioning-log.db';

describe('admin API: provisioning log of SCIM requests', () => {
  let running: RunningApp;
  let tenant: Tenant;
  let created: ScimUser;
  let incomplete: Record<string, unknown>;
  const bodyMarker = `body-marker-${randomUUID()}`;

  const log = async (query = ''): Promise<Page> => {
    const response = await running.admin.get(
      `/admin/v1/subscriptions/${tenant.name}/provisioning-log${query}`,
    );
    expect(response.status).toBe(200);
    return response.body as Page;
  };

  beforeAll(async () => {
    running = await startApp();
    tenant = await createTenant(running, uniqueSubscriptionName('plog'));
    created = await provision(tenant, { title: bodyMarker });
    await tenant.scim.get(`/scim/v2/Users?${filterQuery(`userName eq "${created.userName}"`)}&count=5`);
    // Seed: a user without givenName is not synchronized.
    incomplete = entraUser({ name: { familyName: 'Only' }, title: bodyMarker });
    expect((await tenant.scim.post('/scim/v2/Users', incomplete)).status).toBe(400);
    // The tenant's token id with a wrong secret (a stale copy in Entra, or a guess): refused, recorded.
    const wrongSecret = `${tenant.token.slice(0, -43)}${'A'.repeat(43)}`;
    const wrongToken = client(running.baseUrl, { authorization: `Bearer ${wrongSecret}`, host: tenant.host });
    expect((await wrongToken.get('/scim/v2/Users')).status).toBe(401);
    // Pasted with its last character missing, or one too many: refused, recorded all the same.
    for (const pasted of [tenant.token.slice(0, -1), `${tenant.token}x`]) {
      const caller = client(running.baseUrl, { authorization: `Bearer ${pasted}`, host: tenant.host });
      expect((await caller.get('/scim/v2/Groups')).status).toBe(401);
    }
    expect((await tenant.scim.get(`/scim/v2/Users/${randomUUID()}`)).status).toBe(404);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('records a successful create with the new resource id, token, status, time and correlation id', async () => {
    const { entries } = await log();
    const create = entries.find((e) => e.method === 'POST' && e.status === 201)!;
    expect(create).toMatchObject({
      path: '/scim/v2/Users',
      resourceType: 'User',
      resourceId: created.id,
      tokenId: tenant.tokenId,
      error: null,
      filter: null,
    });
    expect(create.durationMs).toBeGreaterThanOrEqual(0);
    expect(create.correlationId).toEqual(expect.any(String));
    expect(Date.parse(create.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps the filter of a list request, but not the query string in the path', async () => {
    const { entries } = await log();
    const list = entries.find((e) => e.method === 'GET' && e.path === '/scim/v2/Users' && e.status === 200)!;
    expect(list.filter).toBe(`userName eq "${created.userName}"`);
    expect(list.resourceId).toBeNull();
  });

  it('records why a user is not synchronized, and refusals with their SCIM error', async () => {
    const { entries } = await log();
    const refused = entries.find((e) => e.method === 'POST' && e.status === 400)!;
    expect(refused.error).toEqual({ scimType: 'invalidValue', detail: expect.stringMatching(/givenName/) });
    expect(refused.resourceId).toBeNull();
    const unauthorized = entries.filter((e) => e.status === 401);
    expect(unauthorized.map((e) => e.path).sort()).toEqual([
      '/scim/v2/Groups',
      '/scim/v2/Groups',
      '/scim/v2/Users',
    ]);
    for (const entry of unauthorized)
      expect(entry).toMatchObject({
        tokenId: tenant.tokenId,
        error: { detail: expect.stringMatching(/token/) },
      });
    const missing = entries.find((e) => e.status === 404)!;
    expect(missing).toMatchObject({ method: 'GET', resourceType: 'User', resourceId: expect.any(String) });
  });

  it('finds a refused create by the userName it named (subject), any case: why a user is not in the portal', async () => {
    const userName = incomplete.userName as string;
    const { entries } = await log(`?subject=${encodeURIComponent(userName.toUpperCase())}`);
    expect(entries.map((e) => [e.method, e.status, e.subject, e.error?.scimType])).toEqual([
      ['POST', 400, userName, 'invalidValue'],
    ]);
    expect(entries[0].error?.detail).toMatch(/givenName/);
    // The successful create names its user too; a GET names nobody.
    expect(
      (await log(`?subject=${encodeURIComponent(created.userName)}`)).entries.map((e) => e.status),
    ).toEqual([201]);
    expect((await log('?method=GET')).entries.every((e) => e.subject === null)).toBe(true);
  });

  it("records a request refused before the token check (body not JSON, another media type) under the token's subscription", async () => {
    const other = await createTenant(running, uniqueSubscriptionName('plog-pre'));
    const otherLog = async (query: string) =>
      (
        (await running.admin.get(`/admin/v1/subscriptions/${other.name}/provisioning-log${query}`))
          .body as Page
      ).entries;
    // No tenant Host: only the token says whose request it is.
    const bearer = { authorization: `Bearer ${other.token}` };
    const send = (body: string, contentType: string, headers = bearer) =>
      request(running.baseUrl, 'POST', '/scim/v2/Users', {
        body,
        headers: { ...headers, 'content-type': contentType },
      });
    const notJson = await send('{"userName": ', 'application/scim+json');
    const plain = await send('{}', 'text/plain');
    const badToken = await send('{}', 'application/scim+json', { authorization: `Bearer ${other.token}x` });
    expect([notJson.status, plain.status, badToken.status]).toEqual([400, 415, 401]);
    const ids = [notJson, plain].map((response) => response.headers['x-correlation-id']);
    const deadline = Date.now() + 5000;
    let found: Entry[] = [];
    while (found.length < 2 && Date.now() < deadline) {
      found = (await otherLog('?limit=500')).filter((e) => ids.includes(e.correlationId));
      if (found.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(found.map((e) => [e.status, e.tokenId, e.error?.scimType ?? null]).sort()).toEqual([
      [400, other.tokenId, 'invalidSyntax'],
      [415, other.tokenId, null],
    ]);
    // A token with a wrong secret still names its subscription by its id (without a tenant Host).
    const refused = await otherLog('?status=401');
    expect(refused.map((e) => [e.correlationId, e.tokenId])).toEqual([
      [badToken.headers['x-correlation-id'], other.tokenId],
    ]);
  });

  it('records no request whose token names no subscription: nobody can write into a tenant log through its URL', async () => {
    const before = (await log('?limit=500')).entries.length;
    const forged = { host: tenant.host, 'x-correlation-id': 'forged-by-anonymous' };
    const anonymous = client(running.baseUrl, forged);
    const garbage = client(running.baseUrl, { ...forged, authorization: 'Bearer not-a-token' });
    const unknownId = client(running.baseUrl, {
      ...forged,
      authorization: `Bearer scim_0123456789abcdef_${'A'.repeat(43)}`,
    });
    for (const caller of [anonymous, garbage, unknownId])
      expect((await caller.delete('/scim/v2/Users/all-users-deleted-by-attacker')).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = (await log('?limit=500')).entries;
    expect(after.length).toBe(before);
    expect(after.some((e) => e.correlationId === 'forged-by-anonymous')).toBe(false);
  });

  it('stores neither the token nor request bodies', async () => {
    await log(); // flushes the buffer
    const bytes = ['', '-wal']
      .map((suffix) => path.join(running.dataDir, `${LOG_FILE}${suffix}`))
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file));
    const all = Buffer.concat(bytes);
    expect(all.includes(created.id)).toBe(true);
    expect(all.includes(tenant.token)).toBe(false);
    expect(all.includes('not-a-token')).toBe(false);
    expect(all.includes(bodyMarker)).toBe(false);
  });

  it('filters by status, status class, resource id and time range, newest first', async () => {
    const all = (await log()).entries;
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    expect((await log('?status=201')).entries.map((e) => e.status)).toEqual([201]);
    const clientErrors = (await log('?status=4xx')).entries.map((e) => e.status).sort();
    expect(clientErrors).toEqual([400, 401, 401, 401, 404]);
    expect((await log(`?resourceId=${created.id}`)).entries.map((e) => e.method)).toEqual(['POST']);
    const posts = (await log('?method=post')).entries;
    expect(posts.length).toBeGreaterThan(0);
    expect(new Set(posts.map((e) => e.method))).toEqual(new Set(['POST']));
    const one = all[all.length - 1];
    expect((await log(`?correlationId=${one.correlationId}`)).entries.map((e) => e.id)).toEqual([one.id]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await log(`?from=${future}`)).entries).toEqual([]);
    expect((await log(`?to=${future}`)).entries).toHaveLength(all.length);
    // The same moment with an offset, its + sent encoded or not (a bare + arrives as a space).
    const local = new Date(Date.now() + 60_000 + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    expect((await log(`?to=${encodeURIComponent(local)}`)).entries).toHaveLength(all.length);
    expect((await log(`?to=${local}`)).entries).toHaveLength(all.length);
  });

  it('refuses a time without a zone (it would mean the server clock) and from after to', async () => {
    const url = `/admin/v1/subscriptions/${tenant.name}/provisioning-log`;
    for (const query of ['?from=2026-11-29', '?to=2026-11-29T06:55:50', '?from=yesterday'])
      expect((await running.admin.get(`${url}${query}`)).body).toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(/must be an ISO-8601 date-time with a zone/),
      });
    const reversed = await running.admin.get(`${url}?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(reversed.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/is after to/) });
  });

  it('pages with a cursor', async () => {
    const all = (await log()).entries;
    const seen: number[] = [];
    let query = '?limit=2';
    for (;;) {
      const page = await log(query);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      if (!page.nextCursor) break;
      query = `?limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it('answers 404 for an unknown subscription and 400 for a bad filter', async () => {
    expect((await running.admin.get('/admin/v1/subscriptions/nobody-here/provisioning-log')).status).toBe(
      404,
    );
    const bad = await running.admin.get(`/admin/v1/subscriptions/${tenant.name}/provisioning-log?status=abc`);
    expect(bad.status).toBe(400);
    for (const query of ['?method=TRACE', '?correlationId=a%20b'])
      expect(
        (await running.admin.get(`/admin/v1/subscriptions/${tenant.name}/provisioning-log${query}`)).status,
      ).toBe(400);
    const cursor = await running.admin.get(
      `/admin/v1/subscriptions/${tenant.name}/provisioning-log?cursor=zz`,
    );
    expect(cursor.status).toBe(400);
  });

  it('opens a log written before the subject column: adds it, keeps the entries', async () => {
    const before = (await log()).entries.map((e) => e.id);
    await running.close({ keepData: true });
    const db = new Database(path.join(running.dataDir, LOG_FILE));
    db.exec(
      `DROP INDEX IF EXISTS provisioning_log_by_subject_key; DROP INDEX provisioning_log_unkeyed;
       ALTER TABLE provisioning_log DROP COLUMN subject_key;
       ALTER TABLE provisioning_log DROP COLUMN subject`,
    );
    db.close();
    running = await startApp({}, running.dataDir);
    tenant = reconnect(running, tenant);
    expect((await log()).entries.map((e) => e.id)).toEqual(before);
    await provision(tenant);
    expect((await log('?method=POST&status=201')).entries[0].subject).toMatch(/@/);
  });

  it('opens a log written before the subject key: keys its entries, found by name in any case', async () => {
    const name = `${unique('Örjan')}.ÅSTRÖM@contoso.test`;
    await provision(tenant, { userName: name });
    await running.close({ keepData: true });
    const db = new Database(path.join(running.dataDir, LOG_FILE));
    // As the log was: subject only, under an index that folds ASCII only.
    db.exec(
      `DROP INDEX IF EXISTS provisioning_log_by_subject_key; DROP INDEX provisioning_log_unkeyed;
       ALTER TABLE provisioning_log DROP COLUMN subject_key;
       CREATE INDEX provisioning_log_by_subject
         ON provisioning_log (subscription, subject COLLATE NOCASE, at, id) WHERE subject IS NOT NULL`,
    );
    db.close();
    running = await startApp({}, running.dataDir);
    tenant = reconnect(running, tenant);
    const found = await log(`?subject=${encodeURIComponent(name.toLowerCase())}`);
    expect(found.entries.map((e) => [e.method, e.status, e.subject])).toEqual([['POST', 201, name]]);
  });

  it('keys entries an older build wrote into a log that has the key column (a downgrade, then back)', async () => {
    const name = `${unique('Ärger')}@contoso.test`;
    await provision(tenant, { userName: name });
    await running.close({ keepData: true });
    const db = new Database(path.join(running.dataDir, LOG_FILE));
    db.prepare('UPDATE provisioning_log SET subject_key = NULL WHERE subject = ?').run(name);
    db.close();
    running = await startApp({}, running.dataDir);
    tenant = reconnect(running, tenant);
    const found = await log(`?subject=${encodeURIComponent(name.toUpperCase())}`);
    expect(found.entries.map((e) => e.subject)).toEqual([name]);
  });

  it('deletes entries older than the retention at start', async () => {
    const before = (await log()).entries;
    await running.close({ keepData: true });
    const db = new Database(path.join(running.dataDir, LOG_FILE));
    const oldest = before[before.length - 1];
    db.prepare('UPDATE provisioning_log SET at = at - ? WHERE id = ?').run(3 * 24 * 3600 * 1000, oldest.id);
    db.close();
    running = await startApp({ PROVISIONING_LOG_RETENTION_DAYS: '1' }, running.dataDir);
    tenant = reconnect(running, tenant);
    const after = (await log()).entries.map((e) => e.id);
    expect(after).toEqual(before.map((e) => e.id).filter((id) => id !== oldest.id));
  });

  it('hides an entry as soon as it is older than the retention, before the hourly purge deletes it', async () => {
    const before = (await log()).entries;
    const aged = before[0];
    // Aged behind the running server's back (WAL: another connection may write meanwhile), past
    // any retention this suite starts with (the default 30 days included).
    const db = new Database(path.join(running.dataDir, LOG_FILE));
    db.prepare('UPDATE provisioning_log SET at = at - ? WHERE id = ?').run(40 * 24 * 3600 * 1000, aged.id);
    db.close();
    const after = (await log()).entries.map((e) => e.id);
    expect(after).toEqual(before.map((e) => e.id).filter((id) => id !== aged.id));
  });
});
