import { expect } from '@jest/globals';
import {
  EventNewerThanBuildError,
  EventSchemaRegistry,
} from '../../../src/platform/es/event-schema-registry';
import {
  NewerEventLogError,
  mergeEventVersions,
  newerEventVersions,
  raisedEventVersions,
  stampEventVersions,
} from '../../../src/platform/es/event-version-stamp';
import type { EventStore, RecordedEvent } from '../../../src/platform/event-store/event-store.port';

const versions = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

describe('event version stamp', () => {
  describe('newerEventVersions: what a build refuses', () => {
    it('nothing when every stamped type is known at that version or higher', () => {
      expect(newerEventVersions(versions({ A: 1, B: 2 }), versions({ A: 1, B: 3, C: 1 }))).toEqual([]);
    });

    it('nothing on a log without a stamp (written before stamps: by builds no newer than this one)', () => {
      expect(newerEventVersions(new Map(), versions({ A: 1 }))).toEqual([]);
    });

    it('a type stamped higher than known, and a type this build does not know, sorted by type', () => {
      expect(
        newerEventVersions(
          versions({ ProvisioningPolicyChanged: 2, UserProvisioned: 1, Zeta: 1, Alpha: 3 }),
          versions({ ProvisioningPolicyChanged: 1, UserProvisioned: 1, Alpha: 1 }),
        ),
      ).toEqual([
        { type: 'Alpha', stamped: 3, known: 1 },
        { type: 'ProvisioningPolicyChanged', stamped: 2, known: 1 },
        { type: 'Zeta', stamped: 1, known: null },
      ]);
    });

    it('the refusal names each type, the stored and known versions, and the remedy', () => {
      const error = new NewerEventLogError(
        [
          { type: 'ProvisioningPolicyChanged', stamped: 2, known: 1 },
          { type: 'Zeta', stamped: 1, known: null },
        ],
        'the SQLite event store in /data',
      );
      expect(error.message).toBe(
        'the SQLite event store in /data holds events written by a newer build of this service: ' +
          'ProvisioningPolicyChanged version 2 (this build reads up to 1), ' +
          'Zeta version 1 (a type this build does not know). ' +
          'This build would misread them: run that newer build (or a later one) instead, ' +
          'or restore a backup of the event log taken before the newer build first ran.',
      );
    });
  });

  describe('raisedEventVersions and mergeEventVersions: what a build stamps', () => {
    it('raises the known types stamped lower or not at all, keeps the rest', () => {
      const stamped = versions({ A: 2, B: 1, Gone: 4 });
      const known = versions({ A: 2, B: 3, C: 1 });
      expect(raisedEventVersions(stamped, known)).toEqual([
        { type: 'B', stamped: 1, known: 3 },
        { type: 'C', stamped: null, known: 1 },
      ]);
      expect(mergeEventVersions(stamped, versions({ A: 1, B: 3, C: 1 }))).toEqual(
        versions({ A: 2, B: 3, Gone: 4, C: 1 }),
      );
    });
  });

  describe('stampEventVersions', () => {
    function storeStamped(stamp: Map<string, number>): { store: EventStore; raises: Map<string, number>[] } {
      const raises: Map<string, number>[] = [];
      const store = {
        readEventVersionStamp: () => Promise.resolve(new Map(stamp)),
        raiseEventVersionStamp: (raise: ReadonlyMap<string, number>) => {
          raises.push(new Map(raise));
          return Promise.resolve();
        },
      } as Partial<EventStore> as EventStore;
      return { store, raises };
    }

    it('refuses a log stamped higher, and stamps nothing', async () => {
      const { store, raises } = storeStamped(versions({ A: 2 }));
      await expect(stampEventVersions(store, versions({ A: 1 }), 'the log')).rejects.toBeInstanceOf(
        NewerEventLogError,
      );
      expect(raises).toEqual([]);
    });

    it('raises the stamp to this build once, then only reads it', async () => {
      const { store, raises } = storeStamped(versions({ A: 1 }));
      await expect(stampEventVersions(store, versions({ A: 2, B: 1 }), 'the log')).resolves.toHaveLength(2);
      expect(raises).toEqual([versions({ A: 2, B: 1 })]);

      const same = storeStamped(versions({ A: 2, B: 1 }));
      await expect(stampEventVersions(same.store, versions({ A: 2, B: 1 }), 'the log')).resolves.toEqual([]);
      expect(same.raises).toEqual([]);
    });
  });

  describe('EventSchemaRegistry.upcast: a type with upcasters stored at a newer version', () => {
    const registry = new EventSchemaRegistry();
    registry.registerVersions({ Upcast: 2, Plain: 1 });
    registry.registerUpcaster({
      eventType: 'Upcast',
      fromVersion: 1,
      upcast: (data) => ({ ...data, v2: true }),
    });
    const stored = (type: string, schemaVersion: number): RecordedEvent => ({
      id: 'e1',
      streamId: 's-1',
      type,
      revision: 4,
      position: { commit: 9n, prepare: 9n },
      data: {},
      metadata: { schemaVersion, correlationId: 'c', causationId: null, actor: 'admin', timestamp: 'now' },
    });

    it('throws instead of passing it through', () => {
      expect(() => registry.upcast(stored('Upcast', 3))).toThrow(EventNewerThanBuildError);
      expect(() => registry.upcast(stored('Upcast', 3))).toThrow(
        'Upcast s-1@4 is at schema version 3, newer than this build reads (2): it was written by a newer build of this service',
      );
    });

    it('still upcasts older versions and passes the current one', () => {
      expect(registry.upcast(stored('Upcast', 1)).data).toEqual({ v2: true });
      const current = stored('Upcast', 2);
      expect(registry.upcast(current)).toBe(current);
    });

    it('leaves types without upcasters unread (the start-up stamp covers them)', () => {
      const plain = stored('Plain', 7);
      expect(registry.upcast(plain)).toBe(plain);
    });
  });
});
