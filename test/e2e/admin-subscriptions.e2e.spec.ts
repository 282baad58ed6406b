import { expect } from '@jest/globals';
import { correlationOf, sleep } from '../support/audit-fixtures';
import { RunningApp, startApp } from '../support/e2e-app';
import { client, request } from '../support/http-client';

interface IssuedToken {
  id: string;
  token: string;
  tenantUrl: string;
  description: string | null;
  expiresAt: string | null;
  createdAt: string;
}

/** Whom a SCIM token authenticates. */
interface ScimTokenPrincipal {
  subscription: string;
  tokenId: string | null;
}

const DEFAULT_POLICY = {
  requiredUserAttributes: ['userName', 'emails', 'name.givenName', 'name.familyName'],
  synchronizeDisabledUsers: false,
};

describe('admin API: subscriptions, SCIM tokens, provisioning policy', () => {
  let running: RunningApp;
  /**
   * Whom a SCIM token authenticates, through HTTP: null when SCIM refuses it (401); else the
   * subscription and token id the provisioning log recorded for a request made with it.
   */
  const validate = async (token: string): Promise<ScimTokenPrincipal | null> => {
    // No tenant URL Host: the token alone decides the subscription.
    const scim = client(running.baseUrl, { authorization: `Bearer ${token}` });
    const response = await scim.get('/scim/v2/Users?count=0');
    if (response.status === 401) return null;
    expect(response.status).toBe(200);
    const correlationId = correlationOf(response);
    const { subscriptions } = (await running.admin.get('/admin/v1/subscriptions')).body as {
      subscriptions: { name: string }[];
    };
    // The log records a request once it was answered: it may land just after the answer.
    for (const deadline = Date.now() + 5_000; ; await sleep(10)) {
      for (const { name } of subscriptions) {
        const log = await running.admin.get(
          `/admin/v1/subscriptions/${name}/provisioning-log?correlationId=${correlationId}`,
        );
        expect(log.status).toBe(200);
        const [entry] = (log.body as { entries: { tokenId: string | null }[] }).entries;
        if (entry) return { subscription: name, tokenId: entry.tokenId };
      }
      if (Date.now() > deadline) throw new Error(`request ${correlationId} is in no provisioning log`);
    }
  };
  const expectError = (response: { status: number; body: unknown }, status: number, message?: RegExp) => {
    expect(response.status).toBe(status);
    expect(response.body).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
    });
    if (message) expect((response.body as { message: string }).message).toMatch(message);
  };

  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('authentication', () => {
    it('refuses a request without the admin key (401)', async () => {
      const response = await client(running.baseUrl).get('/admin/v1/subscriptions');
      expectError(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="admin"');
    });
    it('refuses a wrong admin key (401)', async () => {
      const response = await client(running.baseUrl, { authorization: 'Bearer wrong-key-0123456789' }).post(
        '/admin/v1/subscriptions',
        { name: 'intruder', companyName: 'X' },
      );
      expectError(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="admin", error="invalid_token"');
      expect((await running.admin.get('/admin/v1/subscriptions/intruder')).status).toBe(404);
    });
  });

  describe('subscriptions', () => {
    it('creates a subscription (201), lower-casing its name', async () => {
      const response = await running.admin.post('/admin/v1/subscriptions', {
        name: 'Acme',
        companyName: 'Acme Inc.',
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        name: 'acme',
        companyName: 'Acme Inc.',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        tenantUrl: 'https://users-acme.portal.test/scim/v2',
        subscriptionOwner: null,
        companyOwners: [],
        counts: { scimTokens: 0 },
      });
    });

    it('shows and lists it', async () => {
      const shown = await running.admin.get('/admin/v1/subscriptions/acme');
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ name: 'acme', companyName: 'Acme Inc.' });
      expect((await running.admin.get('/admin/v1/subscriptions/ACME')).body).toEqual(shown.body);
      const listed = await running.admin.get('/admin/v1/subscriptions');
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ subscriptions: expect.arrayContaining([shown.body]) });
    });

    it('refuses a name that exists (409)', async () => {
      const response = await running.admin.post('/admin/v1/subscriptions', {
        name: 'acme',
        companyName: 'Other',
      });
      expectError(response, 409, /acme/);
    });

    it('lets exactly one of concurrent creates of a name win; the others get 409', async () => {
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          running.admin.post('/admin/v1/subscriptions', { name: 'race', companyName: `Racer ${i}` }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      // The losers are refused by the rule (after re-loading), not by a raw append conflict.
      for (const loser of responses.filter((r) => r.status === 409))
        expect(loser.body).toMatchObject({ message: expect.stringMatching(/already exists/) });
    });

    it.each(['-acme', 'acme-', 'ac_me', 'ac.me', 'a'.repeat(64), ''])(
      'refuses the name %p (400)',
      async (name) => {
        const response = await running.admin.post('/admin/v1/subscriptions', { name, companyName: 'X' });
        expectError(response, 400);
      },
    );

    it('refuses a missing company name and unknown properties (400)', async () => {
      expectError(
        await running.admin.post('/admin/v1/subscriptions', { name: 'nocompany' }),
        400,
        /companyName/,
      );
      expectError(
        await running.admin.post('/admin/v1/subscriptions', {
          name: 'extra',
          companyName: 'X',
          plan: 'gold',
        }),
        400,
        /plan/,
      );
    });

    it('trims the company name before its checks: blank is 400 even for a taken name, spaces do not count', async () => {
      expectError(
        await running.admin.post('/admin/v1/subscriptions', { name: 'acme', companyName: '   ' }),
        400,
        /companyName/,
      );
      for (const companyName of ['\u200b', 'Ac\u0000me', 'Ac\nme'])
        expectError(
          await running.admin.post('/admin/v1/subscriptions', { name: 'oddcompany', companyName }),
          400,
          /companyName/,
        );
      const padded = await running.admin.post('/admin/v1/subscriptions', {
        name: 'padded',
        companyName: `Padded Ltd${' '.repeat(210)}`,
      });
      expect(padded.status).toBe(201);
      expect(padded.body).toMatchObject({ companyName: 'Padded Ltd' });
    });

    it('refuses a body nested deeper than 32 levels (400), even 100,000 deep (it answered 500)', async () => {
      const deep = `{"name":"deep","companyName":"X","x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
      const response = await request(running.baseUrl, 'POST', '/admin/v1/subscriptions', {
        body: deep,
        headers: { authorization: `Bearer ${running.adminKey}`, 'content-type': 'application/json' },
      });
      expectError(response, 400, /deeper than 32 levels/);
      expectError(await running.admin.get('/admin/v1/subscriptions/deep'), 404);
    });

    it('reads an empty body sent as application/json as no body', async () => {
      const response = await request(running.baseUrl, 'POST', '/admin/v1/subscriptions', {
        body: '',
        headers: { authorization: `Bearer ${running.adminKey}`, 'content-type': 'application/json' },
      });
      expectError(response, 400, /name/);
    });

    it('answers 404 for an over-long name, in the admin JSON shape', async () => {
      expectError(await running.admin.get(`/admin/v1/subscriptions/${'n'.repeat(500)}`), 404);
    });

    it('answers 404 for an unknown subscription', async () => {
      expectError(await running.admin.get('/admin/v1/subscriptions/nobody'), 404, /nobody/);
      expectError(await running.admin.get('/admin/v1/subscriptions/not_a_name'), 404);
    });
  });

  describe('SCIM tokens', () => {
    let issued: IssuedToken;

    it('issues a token once, with the tenant URL (201)', async () => {
      const response = await running.admin.post('/admin/v1/subscriptions/acme/scim-tokens', {
        description: 'Entra ID production',
      });
      expect(response.status).toBe(201);
      issued = response.body as IssuedToken;
      expect(issued).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{16}$/),
        token: expect.stringMatching(/^scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
        tenantUrl: 'https://users-acme.portal.test/scim/v2',
        description: 'Entra ID production',
        expiresAt: null,
        createdAt: expect.any(String),
      });
      expect(issued.token).toContain(issued.id);
    });

    it('the fresh token is valid for its subscription', async () => {
      await expect(validate(issued.token)).resolves.toEqual({ subscription: 'acme', tokenId: issued.id });
    });

    it('issues a token without a body, and one that expires', async () => {
      const plain = await running.admin.post('/admin/v1/subscriptions/acme/scim-tokens');
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ description: null, expiresAt: null });
      const expiring = await running.admin.post('/admin/v1/subscriptions/acme/scim-tokens', {
        expiresAt: '2999-01-01T01:00:00+01:00',
      });
      expect(expiring.status).toBe(201);
      expect(expiring.body).toMatchObject({ expiresAt: '2999-01-01T00:00:00.000Z' });
    });

    it('trims a description; a blank one is none (null)', async () => {
      // A subscription of its own: the list below counts acme's tokens.
      expect(
        (await running.admin.post('/admin/v1/subscriptions', { name: 'notes', companyName: 'N' })).status,
      ).toBe(201);
      const url = '/admin/v1/subscriptions/notes/scim-tokens';
      const blank = await running.admin.post(url, { description: '   ' });
      const padded = await running.admin.post(url, { description: '  Entra (test)  ' });
      expect([blank.body, padded.body]).toMatchObject([
        { description: null },
        { description: 'Entra (test)' },
      ]);
      expect((await running.admin.get(url)).body).toMatchObject({
        tokens: [{ description: null }, { description: 'Entra (test)' }],
      });
    });

    it('refuses an expiry in the past, a non-date and unknown properties (400)', async () => {
      const url = '/admin/v1/subscriptions/acme/scim-tokens';
      expectError(await running.admin.post(url, { expiresAt: '2001-01-01T00:00:00Z' }), 400, /expiresAt/);
      expectError(await running.admin.post(url, { expiresAt: 'next week' }), 400, /expiresAt/);
      // Without a zone it would be read in the server's time zone.
      expectError(await running.admin.post(url, { expiresAt: '2999-01-01T10:00:00' }), 400, /no time zone/);
      expectError(await running.admin.post(url, { description: 'x', scope: 'all' }), 400, /scope/);
      expectError(await running.admin.post(url, { description: 'line\nbreak' }), 400, /control characters/);
    });

    it('lists tokens without their secret or its hash', async () => {
      const response = await running.admin.get('/admin/v1/subscriptions/acme/scim-tokens');
      expect(response.status).toBe(200);
      const { tokens } = response.body as { tokens: Record<string, unknown>[] };
      expect(tokens).toHaveLength(3);
      expect(tokens[0]).toEqual({
        id: issued.id,
        description: 'Entra ID production',
        createdAt: issued.createdAt,
        expiresAt: null,
        revokedAt: null,
        status: 'active',
      });
      const secret = issued.token.split('_').slice(2).join('_');
      expect(response.text).not.toContain(secret);
      expect(response.text).not.toMatch(/[0-9a-f]{64}/);
      expect((await running.admin.get('/admin/v1/subscriptions/acme')).body).toMatchObject({
        counts: { scimTokens: 3 },
      });
    });

    it('revokes a token (204): it is refused at once; revoking again is 204 too', async () => {
      const url = `/admin/v1/subscriptions/acme/scim-tokens/${issued.id}`;
      const first = await running.admin.delete(url);
      expect(first.status).toBe(204);
      expect(first.text).toBe('');
      await expect(validate(issued.token)).resolves.toBeNull();
      expect((await running.admin.delete(url)).status).toBe(204);
      const { tokens } = (await running.admin.get('/admin/v1/subscriptions/acme/scim-tokens')).body as {
        tokens: { id: string; status: string; revokedAt: string | null }[];
      };
      expect(tokens.find((t) => t.id === issued.id)).toMatchObject({
        status: 'revoked',
        revokedAt: expect.any(String),
      });
      expect((await running.admin.get('/admin/v1/subscriptions/acme')).body).toMatchObject({
        counts: { scimTokens: 2 },
      });
    });

    it('answers 404 for an unknown token or subscription', async () => {
      expectError(
        await running.admin.delete('/admin/v1/subscriptions/acme/scim-tokens/0123456789abcdef'),
        404,
      );
      expectError(await running.admin.delete(`/admin/v1/subscriptions/nobody/scim-tokens/${issued.id}`), 404);
      expectError(await running.admin.post('/admin/v1/subscriptions/nobody/scim-tokens', {}), 404, /nobody/);
      expectError(await running.admin.get('/admin/v1/subscriptions/nobody/scim-tokens'), 404, /nobody/);
    });

    it('issues and revokes many tokens of one subscription at once, each answered and in effect', async () => {
      const url = '/admin/v1/subscriptions/race/scim-tokens';
      const issuedAll = await Promise.all(Array.from({ length: 12 }, () => running.admin.post(url, {})));
      expect(issuedAll.map((r) => r.status)).toEqual(Array(12).fill(201));
      const tokens = issuedAll.map((r) => r.body as IssuedToken);
      const revoked = await Promise.all(tokens.map(({ id }) => running.admin.delete(`${url}/${id}`)));
      expect(revoked.map((r) => r.status)).toEqual(Array(12).fill(204));
      for (const { token } of tokens) await expect(validate(token)).resolves.toBeNull();
    });

    it("a token of one subscription cannot be revoked through another's", async () => {
      const other = await running.admin.post('/admin/v1/subscriptions/race/scim-tokens', {});
      const { id, token } = other.body as IssuedToken;
      expectError(await running.admin.delete(`/admin/v1/subscriptions/acme/scim-tokens/${id}`), 404);
      await expect(validate(token)).resolves.toEqual({ subscription: 'race', tokenId: id });
    });
  });

  describe('provisioning policy', () => {
    const url = '/admin/v1/subscriptions/acme/provisioning-policy';

    it("starts as the seed's rule", async () => {
      const response = await running.admin.get(url);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(DEFAULT_POLICY);
    });

    it('is replaced by PUT; userName is always kept', async () => {
      const response = await running.admin.put(url, {
        requiredUserAttributes: ['emails', 'externalId'],
        synchronizeDisabledUsers: true,
      });
      expect(response.status).toBe(200);
      const expected = {
        requiredUserAttributes: ['userName', 'emails', 'externalId'],
        synchronizeDisabledUsers: true,
      };
      expect(response.body).toEqual(expected);
      expect((await running.admin.get(url)).body).toEqual(expected);
    });

    it('refuses unknown attributes, listing the allowed ones (400)', async () => {
      const response = await running.admin.put(url, {
        requiredUserAttributes: ['userName', 'favouriteColour'],
        synchronizeDisabledUsers: false,
      });
      expectError(response, 400, /favouriteColour.*allowed: userName, emails/);
    });

    it('refuses a partial or malformed body (400) and changes nothing', async () => {
      expectError(
        await running.admin.put(url, { requiredUserAttributes: ['userName'] }),
        400,
        /synchronizeDisabledUsers/,
      );
      expectError(
        await running.admin.put(url, { requiredUserAttributes: 'userName', synchronizeDisabledUsers: false }),
        400,
      );
      expectError(
        await running.admin.put(url, { requiredUserAttributes: [], synchronizeDisabledUsers: 'no' }),
        400,
      );
      expect((await running.admin.get(url)).body).toMatchObject({ synchronizeDisabledUsers: true });
    });

    it('answers 404 for an unknown subscription', async () => {
      expectError(await running.admin.get('/admin/v1/subscriptions/nobody/provisioning-policy'), 404);
      expectError(
        await running.admin.put('/admin/v1/subscriptions/nobody/provisioning-policy', {
          requiredUserAttributes: [],
          synchronizeDisabledUsers: false,
        }),
        404,
      );
    });
  });

  describe('after a restart', () => {
    it('keeps subscriptions, tokens and policies', async () => {
      const issuedBefore = await running.admin.post('/admin/v1/subscriptions/acme/scim-tokens', {});
      const { token, id } = issuedBefore.body as IssuedToken;
      const snapshot = async () => ({
        list: (await running.admin.get('/admin/v1/subscriptions')).body,
        tokens: (await running.admin.get('/admin/v1/subscriptions/acme/scim-tokens')).body,
        policy: (await running.admin.get('/admin/v1/subscriptions/acme/provisioning-policy')).body,
      });
      const before = await snapshot();
      const dataDir = running.dataDir;
      await running.close({ keepData: true });
      running = await startApp({}, dataDir);

      expect(await snapshot()).toEqual(before);
      await expect(validate(token)).resolves.toEqual({ subscription: 'acme', tokenId: id });
      expectError(
        await running.admin.post('/admin/v1/subscriptions', { name: 'acme', companyName: 'Again' }),
        409,
      );
    });
  });
});
