import Database from 'better-sqlite3';
import { ValidateScimTokenHandler } from '../../../src/modules/subscription/application/validate-scim-token.handler';
import { generateScimToken } from '../../../src/modules/subscription/application/scim-token.generator';
import { ValidateScimTokenQuery } from '../../../src/modules/subscription/contracts/subscription.queries';
import { formatScimToken, hashScimSecret } from '../../../src/modules/subscription/domain/scim-token';
import { SubscriptionProjection } from '../../../src/modules/subscription/infrastructure/subscription.projection';
import { SubscriptionReadCache } from '../../../src/modules/subscription/infrastructure/subscription-read.cache';
import { SubscriptionReadStore } from '../../../src/modules/subscription/infrastructure/subscription.read-store';
import { JsonObject, RecordedEvent } from '../../../src/platform/event-store/event-store.port';

/** The token check against the real projection and read store, on an in-memory read model. */

describe('ValidateScimTokenHandler', () => {
  let db: Database.Database;
  let projection: SubscriptionProjection;
  let handler: ValidateScimTokenHandler;
  let position = 0n;

  const apply = (streamId: string, type: string, data: JsonObject) => {
    position += 1n;
    const event: RecordedEvent = {
      id: `e${position}`,
      streamId,
      type,
      revision: Number(position),
      position: { commit: position, prepare: position },
      data,
      metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'admin', timestamp: '' },
    };
    projection.apply(db, event);
    // As the runner does once the batch committed: the cache drops the event's entries.
    projection.committed([event]);
  };
  const issue = (subscription: string, expiresAt: string | null = null) => {
    const parts = generateScimToken();
    apply(`subscription-${subscription}`, 'ScimTokenIssued', {
      tokenId: parts.tokenId,
      secretHash: hashScimSecret(parts.secret),
      description: null,
      expiresAt,
      at: '2025-01-01T00:00:00.000Z',
    });
    return { ...parts, token: formatScimToken(parts) };
  };
  const validate = (token: string) => handler.execute(new ValidateScimTokenQuery(token));

  beforeEach(() => {
    // A cache per test, as the live read model has one per database.
    const cache = new SubscriptionReadCache();
    db = new Database(':memory:');
    projection = new SubscriptionProjection(cache);
    projection.setup(db);
    handler = new ValidateScimTokenHandler(new SubscriptionReadStore(db, cache));
    apply('subscription-acme', 'SubscriptionCreated', {
      name: 'acme',
      companyName: 'Acme',
      at: '2025-01-01T00:00:00.000Z',
    });
  });
  afterEach(() => db.close());

  it('accepts a fresh token and names its subscription', async () => {
    const { token, tokenId } = issue('acme');
    await expect(validate(token)).resolves.toEqual({ subscription: 'acme', tokenId });
  });

  it('stores the hash, never the secret', () => {
    const { secret } = issue('acme');
    const dump = JSON.stringify(db.prepare('SELECT * FROM sub_scim_token').all());
    expect(dump).not.toContain(secret);
    expect(dump).toContain(hashScimSecret(secret));
  });

  it('refuses a right id with a wrong secret', async () => {
    const { tokenId } = issue('acme');
    await expect(
      validate(formatScimToken({ tokenId, secret: generateScimToken().secret })),
    ).resolves.toBeNull();
  });

  it('refuses unknown and malformed tokens', async () => {
    await expect(validate(formatScimToken(generateScimToken()))).resolves.toBeNull();
    await expect(validate('not-a-token')).resolves.toBeNull();
  });

  it('refuses a revoked token, and stays revoked when the revocation is replayed', async () => {
    const { token, tokenId } = issue('acme');
    apply('subscription-acme', 'ScimTokenRevoked', { tokenId, at: '2025-01-02T00:00:00.000Z' });
    apply('subscription-acme', 'ScimTokenRevoked', { tokenId, at: '2025-01-03T00:00:00.000Z' });
    await expect(validate(token)).resolves.toBeNull();
    expect(db.prepare('SELECT revoked_at FROM sub_scim_token').get()).toEqual({
      revoked_at: '2025-01-02T00:00:00.000Z',
    });
  });

  it('refuses an expired token', async () => {
    const { token } = issue('acme', new Date(Date.now() - 1000).toISOString());
    await expect(validate(token)).resolves.toBeNull();
  });

  it('ignores a revocation from another subscription stream', async () => {
    const { token, tokenId } = issue('acme');
    apply('subscription-other', 'ScimTokenRevoked', { tokenId, at: '2025-01-02T00:00:00.000Z' });
    await expect(validate(token)).resolves.toEqual({ subscription: 'acme', tokenId });
  });

  describe('once a secret has been accepted (remembered, not hashed again)', () => {
    it('accepts it again, and still refuses a wrong secret for the same id', async () => {
      const { token, tokenId } = issue('acme');
      await expect(validate(token)).resolves.toEqual({ subscription: 'acme', tokenId });
      await expect(validate(token)).resolves.toEqual({ subscription: 'acme', tokenId });
      await expect(
        validate(formatScimToken({ tokenId, secret: generateScimToken().secret })),
      ).resolves.toBeNull();
      // The wrong secret's check left the remembered one as it was.
      await expect(validate(token)).resolves.toEqual({ subscription: 'acme', tokenId });
    });

    it('refuses it at once when it is revoked', async () => {
      const { token, tokenId } = issue('acme');
      await expect(validate(token)).resolves.not.toBeNull();
      apply('subscription-acme', 'ScimTokenRevoked', { tokenId, at: '2025-01-02T00:00:00.000Z' });
      await expect(validate(token)).resolves.toBeNull();
    });

    it('refuses it once it has expired', async () => {
      const { token } = issue('acme', new Date(Date.now() + 60_000).toISOString());
      await expect(validate(token)).resolves.not.toBeNull();
      jest.useFakeTimers({ now: Date.now() + 120_000, doNotFake: ['nextTick', 'setImmediate'] });
      try {
        await expect(validate(token)).resolves.toBeNull();
      } finally {
        jest.useRealTimers();
      }
    });
  });
});
