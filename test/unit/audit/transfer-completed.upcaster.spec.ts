import { OWNERSHIP_EVENT_VERSIONS } from '../../../src/modules/ownership/contracts/ownership.events';
import {
  OWNERSHIP_UPCASTERS,
  transferCompletedV1ToV2,
} from '../../../src/modules/ownership/contracts/ownership.upcasters';
import { transferDecider } from '../../../src/modules/ownership/domain/transfer.decider';
import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { RecordedEvent } from '../../../src/platform/event-store/event-store.port';

const AT = '2026-11-01T00:00:01.000Z';
// Exactly what the v1 code appended.
const V1_DATA = { subscription: 'acme', transferId: 't-1', resources: 3, permissions: 1, at: AT };

const stored = (schemaVersion: number): RecordedEvent => ({
  id: 'e-1',
  streamId: 'transfer-acme_t-1',
  type: 'OwnershipTransferCompleted',
  revision: 1,
  position: { commit: 9n, prepare: 9n },
  data: V1_DATA,
  metadata: {
    schemaVersion,
    correlationId: 'c',
    causationId: null,
    actor: 'system:ownership-transfer',
    timestamp: AT,
  },
});

describe('OwnershipTransferCompleted v1 -> v2 (rolesNotMoved)', () => {
  it('reads a v1 completion as refusing nothing, in the v2 writer key order', () => {
    const [written] = transferDecider.decide(
      { type: 'Complete', resources: 3, permissions: 1, rolesNotMoved: [], at: AT },
      { status: 'running', subscription: 'acme', transferId: 't-1' },
    );
    expect(JSON.stringify(transferCompletedV1ToV2.upcast(V1_DATA))).toBe(JSON.stringify(written!.data));
  });

  it('the registry upgrades a stored v1 event; writers stamp version 2', () => {
    const schemas = new EventSchemaRegistry();
    schemas.registerVersions(OWNERSHIP_EVENT_VERSIONS);
    for (const upcaster of OWNERSHIP_UPCASTERS) schemas.registerUpcaster(upcaster);
    const upgraded = schemas.upcast(stored(1));
    expect(upgraded.metadata.schemaVersion).toBe(2);
    expect(upgraded.data.rolesNotMoved).toEqual([]);
    expect(schemas.versionOf('OwnershipTransferCompleted')).toBe(2);
  });
});
