import * as net from 'node:net';
import { expect } from '@jest/globals';
import { RunningApp, startApp } from '../support/e2e-app';
import {
  ENTERPRISE_SCHEMA,
  EMPTY_LIST,
  ScimUser,
  Tenant,
  createTenant,
  entraUser,
  expectScimError,
  filterQuery,
  getUser,
  listUsers,
  patchOp,
  provision,
  unique,
  uniqueSubscriptionName,
} from '../support/scim-fixtures';

/** The token decides the subscription: A's token never reads or writes B's users. */
describe('SCIM /Users: tenant isolation', () => {
  let running: RunningApp;
  let a: Tenant;
  let b: Tenant;
  let shared: string;
  let aliceOfA: ScimUser;
  let aliceOfB: ScimUser;
  let onlyInB: ScimUser;

  beforeAll(async () => {
    running = await startApp();
    a = await createTenant(running, uniqueSubscriptionName('iso-a'));
    b = await createTenant(running, uniqueSubscriptionName('iso-b'));
    shared = `${unique('alice')}@contoso.test`;
    aliceOfA = await provision(a, {
      userName: shared,
      externalId: 'same-external-id',
      displayName: 'Alice of A',
    });
    aliceOfB = await provision(b, {
      userName: shared.toUpperCase(),
      externalId: 'same-external-id',
      displayName: 'Alice of B',
    });
    onlyInB = await provision(b, { externalId: 'only-in-b' });
  });
  afterAll(async () => {
    await running?.close();
  });

  it('the same userName exists in both subscriptions (unique per subscription only), as two users', async () => {
    expect(aliceOfA.id).not.toBe(aliceOfB.id);
    expect((await getUser(a, aliceOfA.id)).displayName).toBe('Alice of A');
    expect((await getUser(b, aliceOfB.id)).displayName).toBe('Alice of B');
  });

  it("GET of the other subscription's user by id is 404", async () => {
    expectScimError(await a.scim.get(`/scim/v2/Users/${onlyInB.id}`), 404);
    expectScimError(await a.scim.get(`/scim/v2/Users/${aliceOfB.id}`), 404);
    expectScimError(await b.scim.get(`/scim/v2/Users/${aliceOfA.id}`), 404);
  });

  it('filters only ever see the own subscription', async () => {
    const byName = await listUsers(a, filterQuery(`userName eq "${shared}"`));
    expect(byName.Resources.map((u) => u.id)).toEqual([aliceOfA.id]);
    const byExternalId = await listUsers(a, filterQuery('externalId eq "same-external-id"'));
    expect(byExternalId.Resources.map((u) => u.id)).toEqual([aliceOfA.id]);
    expect(await listUsers(a, filterQuery('externalId eq "only-in-b"'))).toEqual(EMPTY_LIST);
    expect(await listUsers(a, filterQuery(`id eq "${onlyInB.id}"`))).toEqual(EMPTY_LIST);
    expect(await listUsers(a, filterQuery(`emails[type eq "work"].value eq "${onlyInB.userName}"`))).toEqual(
      EMPTY_LIST,
    );
    const all = await listUsers(a, 'count=1000');
    expect(all.Resources.map((u) => u.id)).not.toContain(onlyInB.id);
    expect(all.Resources.map((u) => u.id)).not.toContain(aliceOfB.id);
    const searched = await a.scim.post('/scim/v2/Users/.search', { filter: 'externalId eq "only-in-b"' });
    expect(searched.body).toEqual(EMPTY_LIST);
  });

  it("PATCH, PUT and DELETE of the other subscription's user are 404 and change nothing", async () => {
    const url = `/scim/v2/Users/${onlyInB.id}`;
    expectScimError(await a.scim.patch(url, patchOp({ op: 'Replace', path: 'active', value: 'False' })), 404);
    expectScimError(await a.scim.put(url, entraUser({ userName: onlyInB.userName })), 404);
    expectScimError(await a.scim.delete(url), 404);
    expectScimError(
      await a.scim.patch(
        `/scim/v2/Users/${aliceOfB.id}`,
        patchOp({ op: 'replace', path: 'title', value: 'x' }),
      ),
      404,
    );
    expect(await getUser(b, onlyInB.id)).toEqual(onlyInB);
    expect(await getUser(b, aliceOfB.id)).toEqual(aliceOfB);
  });

  it("renaming or deleting in A does not touch B's userName", async () => {
    const name = `${unique('shared')}@contoso.test`;
    const inA = await provision(a, { userName: name });
    const inB = await provision(b, { userName: name });
    expect((await a.scim.delete(`/scim/v2/Users/${inA.id}`)).status).toBe(204);
    expectScimError(await b.scim.post('/scim/v2/Users', entraUser({ userName: name })), 409, 'uniqueness');
    expect(await getUser(b, inB.id)).toEqual(inB);
  });

  it("a user of B cannot be A's manager, and A's token on B's tenant host is refused", async () => {
    const response = await a.scim.patch(
      `/scim/v2/Users/${aliceOfA.id}`,
      patchOp({ op: 'Add', path: `${ENTERPRISE_SCHEMA}:manager`, value: onlyInB.id }),
    );
    expectScimError(response, 400, 'invalidValue');
    const wrongHost = await a.scim.get(`/scim/v2/Users/${onlyInB.id}`, { host: b.host });
    expectScimError(wrongHost, 401);
  });

  it("behind a proxy that rewrites Host, A's token at B's tenant URL (X-Forwarded-Host, Forwarded) is refused", async () => {
    const proxied = { host: 'backend.internal:3000' };
    for (const forwarded of <Record<string, string>[]>[
      { 'x-forwarded-host': b.host },
      { forwarded: `for=192.0.2.1;host="${b.host}";proto=https` },
    ])
      expectScimError(await a.scim.get(`/scim/v2/Users/${aliceOfA.id}`, { ...proxied, ...forwarded }), 401);
    const atA = await a.scim.get(`/scim/v2/Users/${aliceOfA.id}`, { ...proxied, 'x-forwarded-host': a.host });
    expect(atA.status).toBe(200);
  });

  it('refuses (400) a request naming two hosts or carrying two Authorization headers, whichever comes first', async () => {
    const bearerA = `Bearer ${a.token}`;
    const cases: [string, string][][] = [
      [
        ['Host', a.host],
        ['Host', b.host],
        ['Authorization', bearerA],
      ],
      [
        ['Host', b.host],
        ['Host', a.host],
        ['Authorization', bearerA],
      ],
      [
        ['Host', `${a.host}, ${b.host}`],
        ['Authorization', bearerA],
      ],
      [
        ['Host', a.host],
        ['Authorization', bearerA],
        ['Authorization', 'Bearer scim_nothing'],
      ],
      [
        ['Host', a.host],
        ['Authorization', 'Bearer scim_nothing'],
        ['Authorization', bearerA],
      ],
    ];
    for (const headers of cases) {
      const answer = await rawGet(running, `/scim/v2/Users/${aliceOfA.id}`, headers);
      expect({ headers, status: answer.status }).toEqual({ headers, status: 400 });
      expect(answer.body).toMatchObject({
        status: '400',
        detail: expect.stringMatching(/host|authorization/i),
      });
    }
    // The admin API the same, in its JSON error shape.
    const admin = await rawGet(running, '/admin/v1/subscriptions', [
      ['Host', 'localhost'],
      ['Authorization', `Bearer ${running.adminKey}`],
      ['Authorization', 'Bearer wrong'],
    ]);
    expect(admin).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request' } });
    // One of each still works.
    const fine = await rawGet(running, `/scim/v2/Users/${aliceOfA.id}`, [
      ['Host', a.host],
      ['Authorization', bearerA],
    ]);
    expect(fine.status).toBe(200);
  });
});

/** A GET written on the socket as given: fetch and node:http cannot send a header twice. */
function rawGet(
  running: RunningApp,
  path: string,
  headers: [string, string][],
): Promise<{ status: number; body: unknown }> {
  const { port } = new URL(running.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head, body = ''] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]);
      resolve({ status, body: body ? (JSON.parse(body) as unknown) : undefined });
    });
    const lines = headers.map(([name, value]) => `${name}: ${value}`).join('\r\n');
    socket.write(`GET ${path} HTTP/1.1\r\n${lines}\r\nConnection: close\r\n\r\n`);
  });
}
