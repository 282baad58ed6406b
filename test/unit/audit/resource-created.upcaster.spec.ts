import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { OWNERSHIP_EVENT_VERSIONS } from '../../../src/modules/ownership/contracts/ownership.events';
import {
  OWNERSHIP_UPCASTERS,
  resourceCreatedV1ToV2,
} from '../../../src/modules/ownership/contracts/ownership.upcasters';
import { resourceDecider } from '../../../src/modules/ownership/domain/resource.decider';

const V1_DATA = {
  subscription: 'acme',
  resourceId: 'r-1',
  type: 'dashboard',
  name: 'Q3 revenue',
  ownerId: 'u-1',
  at: '2025-01-01T00:00:00.000Z',
};

function stored(data: RecordedEvent['data'], schemaVersion: number): RecordedEvent {
  return {
    id: 'e-1',
    streamId: 'resource-acme_r-1',
    type: 'ResourceCreated',
    revision: 0,
    position: { commit: 7n, prepare: 7n },
    data,
    metadata: { schemaVersion, correlationId: 'c', causationId: null, actor: 'admin', timestamp: V1_DATA.at },
  };
}

function registry(): EventSchemaRegistry {
  const schemas = new EventSchemaRegistry();
  schemas.registerVersions(OWNERSHIP_EVENT_VERSIONS);
  for (const upcaster of OWNERSHIP_UPCASTERS) schemas.registerUpcaster(upcaster);
  return schemas;
}

describe('ResourceCreated v1 -> v2 (type renamed resourceType)', () => {
  it('renames the field and keeps every other one, in the v2 writer key order', () => {
    const upcast = resourceCreatedV1ToV2.upcast(V1_DATA);
    expect(upcast).toEqual({
      subscription: 'acme',
      resourceId: 'r-1',
      resourceType: 'dashboard',
      name: 'Q3 revenue',
      ownerId: 'u-1',
      at: V1_DATA.at,
    });
    expect(upcast).not.toHaveProperty('type');
    const [written] = resourceDecider.decide(
      {
        type: 'Create',
        subscription: 'acme',
        resourceId: 'r-1',
        resourceType: 'dashboard',
        name: 'Q3 revenue',
        ownerId: 'u-1',
        ownerStatus: 'active',
        at: V1_DATA.at,
      },
      resourceDecider.initialState,
    );
    expect(JSON.stringify(upcast)).toBe(JSON.stringify(written.data));
  });

  it('the registry upgrades a stored v1 event to v2 and leaves the stored event alone', () => {
    const old = stored(V1_DATA, 1);
    const upgraded = registry().upcast(old);
    expect(upgraded.metadata.schemaVersion).toBe(2);
    expect(upgraded.data).toMatchObject({ resourceType: 'dashboard' });
    expect(old.data).toEqual(V1_DATA);
    expect(old.metadata.schemaVersion).toBe(1);
  });

  it('a v2 event passes through unchanged; writers stamp version 2', () => {
    const current = stored(resourceCreatedV1ToV2.upcast(V1_DATA), 2);
    expect(registry().upcast(current)).toBe(current);
    expect(registry().versionOf('ResourceCreated')).toBe(2);
  });
});

describe('an event type without upcasters', () => {
  it('passes as it is, its metadata never read', () => {
    const event = { ...stored(V1_DATA, 1), type: 'ResourceDeleted' };
    Object.defineProperty(event, 'metadata', {
      get: () => {
        throw new Error('metadata read');
      },
    });
    expect(registry().upcast(event)).toBe(event);
  });
});
