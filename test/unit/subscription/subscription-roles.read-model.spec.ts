import Database from 'better-sqlite3';
import { GetSubscriptionHandler } from '../../../src/modules/subscription/application/get-subscription.handler';
import { ListSubscriptionsHandler } from '../../../src/modules/subscription/application/list-subscriptions.handler';
import { GetSubscriptionQuery } from '../../../src/modules/subscription/contracts/subscription.queries';
import { SubscriptionProjection } from '../../../src/modules/subscription/infrastructure/subscription.projection';
import { SubscriptionReadCache } from '../../../src/modules/subscription/infrastructure/subscription-read.cache';
import { SubscriptionReadStore } from '../../../src/modules/subscription/infrastructure/subscription.read-store';
import { AppConfig } from '../../../src/platform/config/app-config';
import { JsonObject, RecordedEvent } from '../../../src/platform/event-store/event-store.port';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-02T00:00:00.000Z';
const T2 = '2025-01-03T00:00:00.000Z';

/** Roles in the read model: the real projection, read store and view mapping, on an in-memory database. */

describe('subscription roles in the read model', () => {
  let db: Database.Database;
  let projection: SubscriptionProjection;
  let show: GetSubscriptionHandler;
  let list: ListSubscriptionsHandler;
  const revisions = new Map<string, number>();
  let position = 0n;

  const apply = (subscription: string, type: string, data: JsonObject) => {
    const streamId = `subscription-${subscription}`;
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    position += 1n;
    const event: RecordedEvent = {
      id: `e${position}`,
      streamId,
      type,
      revision,
      position: { commit: position, prepare: position },
      data,
      metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'admin', timestamp: '' },
    };
    projection.apply(db, event);
  };
  const create = (name: string) => apply(name, 'SubscriptionCreated', { name, companyName: name, at: T0 });
  const added = (subscription: string, userId: string, at: string) =>
    apply(subscription, 'CompanyOwnerAdded', { userId, at });
  const removed = (subscription: string, userId: string) =>
    apply(subscription, 'CompanyOwnerRemoved', { userId, reason: 'removed', at: T2 });
  const roles = async (name: string) => {
    const view = await show.execute(new GetSubscriptionQuery(name));
    return { subscriptionOwner: view?.subscriptionOwner, companyOwners: view?.companyOwners };
  };

  beforeEach(() => {
    // A cache per test, as the live read model has one per database.
    const cache = new SubscriptionReadCache();
    db = new Database(':memory:');
    projection = new SubscriptionProjection(cache);
    projection.setup(db);
    const store = new SubscriptionReadStore(db, cache);
    const config = { publicBaseDomain: 'portal.test' } as AppConfig;
    show = new GetSubscriptionHandler(store, config);
    list = new ListSubscriptionsHandler(store, config);
    revisions.clear();
    create('acme');
  });
  afterEach(() => db.close());

  it('starts with no owner and no company owner', async () =>
    expect(await roles('acme')).toEqual({ subscriptionOwner: null, companyOwners: [] }));

  it('shows the latest subscription owner', async () => {
    apply('acme', 'SubscriptionOwnerAssigned', { userId: 'alice', previousOwnerId: null, at: T1 });
    apply('acme', 'SubscriptionOwnerAssigned', { userId: 'bob', previousOwnerId: 'alice', at: T2 });
    expect((await roles('acme')).subscriptionOwner).toBe('bob');
  });

  it('lists company owners in the order they were added, even when their since is equal', async () => {
    added('acme', 'zed', T1);
    added('acme', 'amy', T1);
    added('acme', 'bob', T0);
    expect((await roles('acme')).companyOwners).toEqual([
      { userId: 'zed', since: T1 },
      { userId: 'amy', since: T1 },
      { userId: 'bob', since: T0 },
    ]);
  });

  it('drops a removed company owner; a re-added one comes last with its new since', async () => {
    added('acme', 'alice', T0);
    added('acme', 'bob', T1);
    removed('acme', 'alice');
    added('acme', 'alice', T2);
    expect((await roles('acme')).companyOwners).toEqual([
      { userId: 'bob', since: T1 },
      { userId: 'alice', since: T2 },
    ]);
  });

  it("keeps each subscription's roles apart, in the list too", async () => {
    create('other');
    added('acme', 'alice', T0);
    added('other', 'olga', T0);
    added('acme', 'bob', T1);
    apply('other', 'SubscriptionOwnerAssigned', { userId: 'olga', previousOwnerId: null, at: T1 });
    const views = await list.execute();
    expect(
      views.map(({ name, subscriptionOwner, companyOwners }) => ({ name, subscriptionOwner, companyOwners })),
    ).toEqual([
      {
        name: 'acme',
        subscriptionOwner: null,
        companyOwners: [
          { userId: 'alice', since: T0 },
          { userId: 'bob', since: T1 },
        ],
      },
      { name: 'other', subscriptionOwner: 'olga', companyOwners: [{ userId: 'olga', since: T0 }] },
    ]);
  });

  it('a rebuild (reset, then replay) clears the roles first', async () => {
    added('acme', 'alice', T0);
    apply('acme', 'SubscriptionOwnerAssigned', { userId: 'alice', previousOwnerId: null, at: T1 });
    projection.reset(db);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sub_company_owner').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM sub_subscription_owner').get()).toEqual({ n: 0 });
  });
});
