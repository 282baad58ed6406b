import { SUBSCRIPTION_EVENT_VERSIONS } from '../../../src/modules/subscription/contracts/subscription.events';
import {
  SUBSCRIPTION_UPCASTERS,
  provisioningPolicyChangedV1ToV2,
} from '../../../src/modules/subscription/contracts/subscription.upcasters';
import { subscriptionDecider } from '../../../src/modules/subscription/domain/subscription.decider';
import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { RecordedEvent } from '../../../src/platform/event-store/event-store.port';

const AT = '2026-11-01T00:00:00.000Z';
// Exactly what the v1 code appended: the SCIM names, canonical, in its fixed order.
const V1_DATA = {
  requiredUserAttributes: [
    'userName',
    'emails',
    'name.givenName',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
  ],
  synchronizeDisabledUsers: true,
  at: AT,
};

function stored(
  type: string,
  data: RecordedEvent['data'],
  schemaVersion: number,
  revision: number,
): RecordedEvent {
  return {
    id: `e-${revision}`,
    streamId: 'subscription-acme',
    type,
    revision,
    position: { commit: BigInt(revision), prepare: BigInt(revision) },
    data,
    metadata: { schemaVersion, correlationId: 'c', causationId: null, actor: 'admin', timestamp: AT },
  };
}

function registry(): EventSchemaRegistry {
  const schemas = new EventSchemaRegistry();
  schemas.registerVersions(SUBSCRIPTION_EVENT_VERSIONS);
  for (const upcaster of SUBSCRIPTION_UPCASTERS) schemas.registerUpcaster(upcaster);
  return schemas;
}

describe('ProvisioningPolicyChanged v1 -> v2 (SCIM paths -> profile attributes)', () => {
  it('maps each name and keeps the other fields, in the v2 writer key order', () => {
    const upcast = provisioningPolicyChangedV1ToV2.upcast(V1_DATA);
    expect(JSON.stringify(upcast)).toBe(
      JSON.stringify({
        requiredUserAttributes: ['userName', 'email', 'givenName', 'department'],
        synchronizeDisabledUsers: true,
        at: AT,
      }),
    );
  });

  it('the registry upgrades a stored v1 event; writers stamp version 2', () => {
    const old = stored('ProvisioningPolicyChanged', V1_DATA, 1, 1);
    const upgraded = registry().upcast(old);
    expect(upgraded.metadata.schemaVersion).toBe(2);
    expect(upgraded.data.requiredUserAttributes).toEqual(['userName', 'email', 'givenName', 'department']);
    expect(old.data).toEqual(V1_DATA);
    expect(registry().versionOf('ProvisioningPolicyChanged')).toBe(2);
  });

  it('a subscription replayed from a v1 history holds the v2 policy', () => {
    const schemas = registry();
    const history = [
      stored('SubscriptionCreated', { name: 'acme', companyName: 'Acme', at: AT }, 1, 0),
      stored('ProvisioningPolicyChanged', V1_DATA, 1, 1),
    ].map((event) => schemas.upcast(event));
    const state = history.reduce(
      (current, { type, data }) => subscriptionDecider.evolve(current, { type, data } as never),
      subscriptionDecider.initialState,
    );
    expect(state).toMatchObject({
      policy: {
        requiredUserAttributes: ['userName', 'email', 'givenName', 'department'],
        synchronizeDisabledUsers: true,
      },
    });
  });
});
