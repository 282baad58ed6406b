import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KNOWN_EVENT_VERSIONS } from '../../src/modules/audit/application/known-event-versions';
import { loadConfig } from '../../src/platform/config/load-config';
import { RESERVATION_KEYS_EVENT_VERSIONS } from '../../src/platform/es/reservation-rekey';
import { RESERVATION_EVENT_VERSIONS } from '../../src/platform/es/reservation.decider';
import { openOfflineApp } from '../../src/tools/offline-app';

/** The import's list of event types must be what the platform and the modules register at start. */
describe('KNOWN_EVENT_VERSIONS', () => {
  it('equals the versions registered in the schema registry, the reservations included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'known-events-'));
    const app = await openOfflineApp(
      loadConfig({ DATA_DIR: dir, ADMIN_API_KEY: 'known-events-key-0123', LOG_LEVEL: 'silent' }),
    );
    try {
      const registry = app.readModel.replaySources.schemas;
      const registered = new Map(registry.registeredVersions());
      expect(registered.get('ReservationClaimed')).toBe(RESERVATION_EVENT_VERSIONS.ReservationClaimed);
      expect(registered.get('ReservationKeysRekeyed')).toBe(
        RESERVATION_KEYS_EVENT_VERSIONS.ReservationKeysRekeyed,
      );
      expect(new Map([...KNOWN_EVENT_VERSIONS].sort())).toEqual(new Map([...registered].sort()));
    } finally {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
