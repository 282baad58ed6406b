import type { QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { ScimAuthGuard } from '../../../src/modules/provisioning/api/scim-auth.guard';
import { toScimError } from '../../../src/modules/provisioning/api/to-scim-error';
import { ScimError } from '../../../src/modules/provisioning/domain/error/scim-error';
import { InitialReplayError } from '../../../src/platform/read-model/initial-replay';
import type { ReadModel } from '../../../src/platform/read-model/read-model.service';

const request = (
  authorization: string,
  hostname = 'users-acme.example.com',
  proxied: Record<string, string> = {},
) => ({ headers: { authorization, ...proxied }, hostname }) as unknown as FastifyRequest;

describe('ScimAuthGuard', () => {
  const principal = { subscription: 'acme', tokenId: 't1' };
  const queries: unknown[] = [];
  const queryBus = {
    execute: (query: unknown) => {
      queries.push(query);
      return Promise.resolve(principal);
    },
  } as unknown as QueryBus;
  let replaying = false;
  const readModel = {
    get replayingFromStart() {
      return replaying;
    },
  } as ReadModel;
  const guard = new ScimAuthGuard(queryBus, readModel);

  beforeEach(() => {
    queries.length = 0;
    replaying = false;
  });

  it('answers 503 with Retry-After before reading the token while the read model replays from 0', async () => {
    replaying = true;
    const refused = await guard.authenticate(request('Bearer scim_x')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InitialReplayError);
    expect(toScimError(refused)).toMatchObject({ status: 503, retryAfterSeconds: 30 });
    expect(queries).toHaveLength(0);
  });

  it('checks the token once the read model has caught up', async () => {
    await expect(guard.authenticate(request('Bearer scim_x'))).resolves.toEqual(principal);
    expect(queries).toHaveLength(1);
  });

  it('refuses the token at a tenant URL naming another subscription, with or without a domain or a port', async () => {
    for (const host of [
      'users-other.example.com',
      'USERS-OTHER.example.com',
      'users-other',
      'users-other:443',
      'users-acmeish.example.com',
    ]) {
      const refused = await guard
        .authenticate(request('Bearer scim_x', host))
        .catch((error: unknown) => error);
      expect({ host, refused }).toMatchObject({ host, refused: { status: 401 } });
    }
    for (const host of ['users-acme', 'users-acme:8443', 'localhost', 'scim.example.com'])
      await expect(guard.authenticate(request('Bearer scim_x', host))).resolves.toEqual(principal);
  });

  it('behind a proxy that rewrites Host, checks the host it passes on (X-Forwarded-Host, Forwarded)', async () => {
    const refusedFor = (proxied: Record<string, string>, hostname = 'backend:3000') =>
      guard.authenticate(request('Bearer scim_x', hostname, proxied)).then(
        () => undefined,
        (error: unknown) => error as ScimError,
      );
    for (const proxied of <Record<string, string>[]>[
      { 'x-forwarded-host': 'users-other.example.com' },
      { 'x-forwarded-host': 'users-acme.example.com, users-other.example.com' },
      { forwarded: 'for=192.0.2.1;host="users-other.example.com";proto=https' },
    ])
      expect({ proxied, refused: await refusedFor(proxied) }).toMatchObject({
        proxied,
        refused: { status: 401 },
      });
    // Every host that names a subscription must name the token's: a forwarded host cannot undo Host.
    expect(
      await refusedFor({ 'x-forwarded-host': 'users-acme.example.com' }, 'users-other.example.com'),
    ).toMatchObject({ status: 401 });
    for (const proxied of <Record<string, string>[]>[
      { 'x-forwarded-host': 'users-acme.example.com' },
      { 'x-forwarded-host': 'scim.example.com' },
      { forwarded: 'host=users-acme.example.com:443' },
    ])
      expect(await refusedFor(proxied)).toBeUndefined();
  });

  it('challenges with WWW-Authenticate: the realm, and invalid_token for a token it refuses', async () => {
    const refusal = (authorization: string, host?: string) =>
      guard.authenticate(request(authorization, host)).then(
        () => undefined,
        (error: unknown) => error as ScimError,
      );
    for (const authorization of ['', 'Basic abc', 'Bearer'])
      expect((await refusal(authorization))?.headers).toEqual({ 'www-authenticate': 'Bearer realm="scim"' });
    expect((await refusal('Bearer scim_x', 'users-other.example.com'))?.headers).toEqual({
      'www-authenticate': 'Bearer realm="scim", error="invalid_token"',
    });
    const unknownToken = new ScimAuthGuard(
      { execute: () => Promise.resolve(null) } as unknown as QueryBus,
      readModel,
    );
    const refused = await unknownToken
      .authenticate(request('Bearer scim_x'))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="scim", error="invalid_token"' },
    });
  });
});
