import { expect } from '@jest/globals';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { EventSchemaRegistry } from '../../src/platform/es/event-schema-registry';
import { EventSourcedRepository } from '../../src/platform/es/event-sourced-repository';
import {
  RESERVATION_KEYS_STREAM,
  RekeyPlan,
  rekeyReservations,
} from '../../src/platform/es/reservation-rekey';
import { Reservations, reservationStream } from '../../src/platform/es/reservations';
import { reservationDecider } from '../../src/platform/es/reservation.decider';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { caselessKey } from '../../src/platform/text/caseless-key';

const context = { correlationId: 'c', causationId: null, actor: 'test' };
const plan: RekeyPlan = { scheme: 'caseless-key-test', newKey: (_scope, key) => caselessKey(key) };
const logger = pino({ level: 'silent' });

/** A store as a build before caselessKey left it: names reserved under toLowerCase(). */
describe('rekeyReservations', () => {
  let dir: string;
  let store: SqliteEventStore;
  let repository: EventSourcedRepository;
  let reservations: Reservations;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rekey-'));
    store = await SqliteEventStore.open(dir);
    repository = new EventSourcedRepository(store, new EventSchemaRegistry());
    reservations = new Reservations(repository);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const legacyClaim = (key: string, owner: string) =>
    reservations.claim('userName:acme', key, owner, context);
  const holder = async (key: string) => {
    const { state } = await repository.load(reservationStream('userName:acme', key), reservationDecider);
    return state.status === 'claimed' ? state.owner : null;
  };

  it('gives each holder of a changed key the new key too, once; released and unchanged keys are left alone', async () => {
    const greek = 'ΝΙΚΟΣ.ΠΑΠΑΣ@x.gr'.toLowerCase(); // "νικος.παπας@x.gr": final sigmas
    const nfd = 'rené@x.fr'.normalize('NFD');
    await legacyClaim(greek, 'user-1');
    await legacyClaim(nfd, 'user-2');
    await legacyClaim('ann@x.com', 'user-3');
    await legacyClaim('ΓΙΩΡΓΟΣ@x.gr'.toLowerCase(), 'user-4');
    await reservations.release('userName:acme', 'ΓΙΩΡΓΟΣ@x.gr'.toLowerCase(), 'user-4', context);

    expect(await rekeyReservations(store, repository, reservations, plan, logger)).toEqual({
      rekeyed: 2,
      conflicts: 0,
      scanned: true,
    });
    expect(await holder('νικοσ.παπασ@x.gr')).toBe('user-1');
    expect(await holder('rené@x.fr'.normalize('NFC'))).toBe('user-2');
    expect(await holder('γιωργοσ@x.gr')).toBeNull();
    // The new key is held: a claim by anyone else is refused.
    await expect(reservations.claim('userName:acme', 'νικοσ.παπασ@x.gr', 'user-9', context)).rejects.toThrow(
      /already taken/,
    );

    expect(await rekeyReservations(store, repository, reservations, plan, logger)).toEqual({
      rekeyed: 0,
      conflicts: 0,
      scanned: false,
    });
    const markers = [];
    for await (const event of store.readStream(RESERVATION_KEYS_STREAM)) markers.push(event.data);
    expect(markers).toEqual([{ scheme: plan.scheme, rekeyed: 2, conflicts: 0, at: expect.any(String) }]);
  });

  it('a new key another owner holds already (a duplicate made meanwhile) is counted, not taken', async () => {
    await legacyClaim('ΝΙΚΟΣ@x.gr'.toLowerCase(), 'user-1');
    await legacyClaim('νικοσ@x.gr', 'user-2');
    expect(await rekeyReservations(store, repository, reservations, plan, logger)).toEqual({
      rekeyed: 0,
      conflicts: 1,
      scanned: true,
    });
    expect(await holder('νικοσ@x.gr')).toBe('user-2');
  });
});
