import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decider } from '../../src/platform/es/decider';
import { EventSchemaRegistry } from '../../src/platform/es/event-schema-registry';
import { EventSourcedRepository } from '../../src/platform/es/event-sourced-repository';
import { uuidV7 } from '../../src/platform/es/uuid-v7';
import { Reservations, reservationStream } from '../../src/platform/es/reservations';
import { ReservationTakenError, reservationDecider } from '../../src/platform/es/reservation.decider';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../src/platform/event-store/event-store.errors';
import { EventStore, RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';

type Added = { type: 'Added'; data: { n: number } };
let folded = 0;
const counter: Decider<{ add: number }, Added, number> = {
  initialState: 0,
  decide: (command) => [{ type: 'Added', data: { n: command.add } }],
  evolve: (state, event) => {
    folded++;
    return state + event.data.n;
  },
};
const context = { correlationId: 'c', causationId: null, actor: 'test' };
const metadata = {
  schemaVersion: 1,
  correlationId: 'c',
  causationId: null,
  actor: 'elsewhere',
  timestamp: 't',
};

let dir: string;
let store: SqliteEventStore;
let repository: EventSourcedRepository;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repository-'));
  store = await SqliteEventStore.open(dir);
  repository = new EventSourcedRepository(store, new EventSchemaRegistry());
  folded = 0;
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('EventSourcedRepository over the SQLite store: loads after the cached state', () => {
  it('folds each event once across loads and executes', async () => {
    for (let i = 1; i <= 10; i++) await repository.execute('counter-1', counter, { add: i }, context);
    expect(folded).toBe(10);
    expect(await repository.load('counter-1', counter)).toEqual({ state: 55, revision: 9 });
    expect(folded).toBe(10);
  });

  it('still reads what was appended without the repository (another instance)', async () => {
    await repository.execute('counter-1', counter, { add: 1 }, context);
    await store.append('counter-1', [{ id: uuidV7(), type: 'Added', data: { n: 100 }, metadata }], 0);
    expect(await repository.load('counter-1', counter)).toEqual({ state: 101, revision: 1 });
    // A decision on a stale state would conflict; this one is taken on the state with both.
    const executed = await repository.execute('counter-1', counter, { add: 1000 }, context);
    expect(executed).toMatchObject({ state: 1101, revision: 2 });
  });

  it('decides on the state the caller loaded without reading the stream again', async () => {
    await repository.execute('counter-1', counter, { add: 1 }, context);
    const loaded = await repository.load('counter-1', counter);
    const reads = jest.spyOn(store, 'readStream');
    const executed = await repository.execute('counter-1', counter, { add: 10 }, context, { loaded });
    expect(executed).toMatchObject({ state: 11, revision: 1 });
    expect(reads).not.toHaveBeenCalled();
  });

  it('peeks at the state it last folded without reading, behind a write of another process', async () => {
    expect(repository.peek('counter-1', counter)).toBeUndefined();
    await repository.execute('counter-1', counter, { add: 1 }, context);
    await store.append('counter-1', [{ id: uuidV7(), type: 'Added', data: { n: 100 }, metadata }], 0);
    const reads = jest.spyOn(store, 'readStream');
    expect(repository.peek('counter-1', counter)).toEqual({ state: 1, revision: 0 });
    expect(reads).not.toHaveBeenCalled();
    expect(await repository.load('counter-1', counter)).toEqual({ state: 101, revision: 1 });
  });

  it('reads again when a write landed after the state the caller loaded', async () => {
    await repository.execute('counter-1', counter, { add: 1 }, context);
    const loaded = await repository.load('counter-1', counter);
    await store.append('counter-1', [{ id: uuidV7(), type: 'Added', data: { n: 100 }, metadata }], 0);
    const executed = await repository.execute('counter-1', counter, { add: 10 }, context, { loaded });
    expect(executed).toMatchObject({ state: 111, revision: 2 });
    // Pinned to the loaded revision, the write is refused instead.
    await expect(
      repository.execute('counter-1', counter, { add: 10 }, context, { loaded, expectedRevision: 0 }),
    ).rejects.toThrow(/at revision 2, not 0/);
  });

  it('decides concurrent commands on one stream one after the other: none gives up on conflicts', async () => {
    // Eight admins revoking eight tokens of one subscription at once used to exhaust the retries.
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => repository.execute('counter-1', counter, { add: i + 1 }, context)),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await repository.load('counter-1', counter)).toEqual({ state: 820, revision: 39 });
  });

  it('does not reuse a state folded by another decider', async () => {
    await repository.execute('counter-1', counter, { add: 2 }, context);
    const events: number[] = [];
    const other = {
      initialState: 0,
      evolve: (state: number, event: Added) => (events.push(event.data.n), state),
    };
    await repository.load('counter-1', other);
    expect(events).toEqual([2]);
  });
});

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** The store as EventStoreDB's adapter shows it: appends to one stream at a time. */
function oneStreamAtATime(store: EventStore): EventStore {
  return {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    headPosition: () => store.headPosition(),
    appendsSettled: () => store.appendsSettled(),
    appendFailure: () => store.appendFailure(),
    readEventVersionStamp: () => store.readEventVersionStamp(),
    raiseEventVersionStamp: (...args) => store.raiseEventVersionStamp(...args),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

describe('creating streams together (a reservation and the stream that takes it)', () => {
  let reservations: Reservations;
  beforeEach(() => (reservations = new Reservations(repository)));

  it('writes both streams and caches the state of those given a decider', async () => {
    const created = await repository.createAtomically(
      [
        { streamId: 'counter-a', events: [{ type: 'Added', data: { n: 2 } }], decider: counter },
        { streamId: 'counter-b', events: [{ type: 'Added', data: { n: 3 } }] },
      ],
      context,
    );
    expect(created?.map((c) => c.revision)).toEqual([0, 0]);
    expect(folded).toBe(1);
    // Loaded from the cache: nothing folded again.
    expect(await repository.load('counter-a', counter)).toEqual({ state: 2, revision: 0 });
    expect(folded).toBe(1);
    expect(await repository.load('counter-b', counter)).toEqual({ state: 3, revision: 0 });
  });

  it('writes neither when one of them exists', async () => {
    await repository.execute('counter-b', counter, { add: 1 }, context);
    const both = repository.createAtomically(
      [
        { streamId: 'counter-a', events: [{ type: 'Added', data: { n: 2 } }] },
        { streamId: 'counter-b', events: [{ type: 'Added', data: { n: 3 } }] },
      ],
      context,
    );
    await expect(both).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await collect(store.readStream('counter-a'))).toEqual([]);
    expect(await collect(store.readStream('counter-b'))).toHaveLength(1);
  });

  it('claims a value never held in the same append as its holder', async () => {
    const holder = { streamId: 'user-1', events: [{ type: 'Added', data: { n: 1 } }] };
    const created = await reservations.claimCreating('userName:acme', 'ada', 'user-1', context, holder);
    expect(created?.revision).toBe(0);
    const [claim] = await collect(store.readStream(reservationStream('userName:acme', 'ada')));
    expect(claim).toMatchObject({ type: 'ReservationClaimed', data: { owner: 'user-1' } });
    // One transaction: the claim is the holder's neighbour in the log.
    expect(created!.position.commit - claim.position.commit).toBe(1n);
    // Later claims of it see the cached claim.
    await expect(reservations.claim('userName:acme', 'ada', 'user-2', context)).rejects.toBeInstanceOf(
      ReservationTakenError,
    );
  });

  it('leaves a value held before to claim(), writing nothing', async () => {
    await reservations.claim('userName:acme', 'ada', 'user-1', context);
    await reservations.release('userName:acme', 'ada', 'user-1', context);
    const holder = { streamId: 'user-2', events: [{ type: 'Added', data: { n: 1 } }] };
    await expect(
      reservations.claimCreating('userName:acme', 'ada', 'user-2', context, holder),
    ).resolves.toBeUndefined();
    expect(await collect(store.readStream('user-2'))).toEqual([]);
    const claims = await collect(store.readStream(reservationStream('userName:acme', 'ada')));
    expect(claims.map((e) => e.type)).toEqual(['ReservationClaimed', 'ReservationReleased']);
    // The caller's fallback: claim, then create.
    await reservations.claim('userName:acme', 'ada', 'user-2', context);
    expect(
      (await repository.load(reservationStream('userName:acme', 'ada'), reservationDecider)).state,
    ).toMatchObject({
      status: 'claimed',
      owner: 'user-2',
    });
  });

  describe('a claim its holder does not carry (a create in flight, or left by a crash)', () => {
    const notUsing = () => Promise.resolve('not-using' as const);

    it('is taken over at once when made before this process opened the store (its process is gone)', async () => {
      await reservations.claim('userName:acme', 'ada', 'user-1', context);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.close();
      store = await SqliteEventStore.open(dir);
      repository = new EventSourcedRepository(store, new EventSchemaRegistry());
      await expect(
        new Reservations(repository).claim('userName:acme', 'ada', 'user-2', context, notUsing),
      ).resolves.toBe(true);
    });

    it('is left alone for 30 s when made by this process (its write may still land)', async () => {
      await reservations.claim('userName:acme', 'ada', 'user-1', context);
      await expect(
        reservations.claim('userName:acme', 'ada', 'user-2', context, notUsing),
      ).rejects.toBeInstanceOf(ReservationTakenError);
    });

    it("is judged at once by its holder when this process's write for it failed unanswered (store unavailable)", async () => {
      const shared = new Reservations(
        new EventSourcedRepository(oneStreamAtATime(store), new EventSchemaRegistry()),
      );
      await shared.claim('userName:acme', 'ada', 'user-1', context);
      const lost = new EventStoreUnavailableError('EventStoreDB restarting');
      await shared.afterFailedWrite('userName:acme', 'ada', 'user-1', context, lost);
      // Kept: user-1's write may have been stored. Its holder says whether it was.
      const using = () => Promise.resolve('using' as const);
      await expect(shared.claim('userName:acme', 'ada', 'user-2', context, using)).rejects.toBeInstanceOf(
        ReservationTakenError,
      );
      await expect(shared.claim('userName:acme', 'ada', 'user-2', context, notUsing)).resolves.toBe(true);
    });

    it('is in flight again when its owner claims it again after a failed write', async () => {
      const shared = new Reservations(
        new EventSourcedRepository(oneStreamAtATime(store), new EventSchemaRegistry()),
      );
      await shared.claim('userName:acme', 'ada', 'user-1', context);
      await shared.afterFailedWrite(
        'userName:acme',
        'ada',
        'user-1',
        context,
        new EventStoreUnavailableError('down'),
      );
      await expect(shared.claim('userName:acme', 'ada', 'user-1', context)).resolves.toBe(false);
      await expect(shared.claim('userName:acme', 'ada', 'user-2', context, notUsing)).rejects.toBeInstanceOf(
        ReservationTakenError,
      );
    });

    it('is released after a write the store refused (it answered: nothing was stored)', async () => {
      await reservations.claim('userName:acme', 'ada', 'user-1', context);
      await reservations.afterFailedWrite('userName:acme', 'ada', 'user-1', context, new Error('refused'));
      await expect(reservations.claim('userName:acme', 'ada', 'user-2', context)).resolves.toBe(true);
    });

    it('is left alone for 30 s on a store other instances may share', async () => {
      await reservations.claim('userName:acme', 'ada', 'user-1', context);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.close();
      store = await SqliteEventStore.open(dir);
      const shared = new EventSourcedRepository(oneStreamAtATime(store), new EventSchemaRegistry());
      await expect(
        new Reservations(shared).claim('userName:acme', 'ada', 'user-2', context, notUsing),
      ).rejects.toBeInstanceOf(ReservationTakenError);
    });
  });

  it('leaves everything to the caller on a store that appends one stream at a time', async () => {
    const esdbLike = new EventSourcedRepository(oneStreamAtATime(store), new EventSchemaRegistry());
    const holder = { streamId: 'user-1', events: [{ type: 'Added', data: { n: 1 } }] };
    await expect(
      new Reservations(esdbLike).claimCreating('userName:acme', 'ada', 'user-1', context, holder),
    ).resolves.toBeUndefined();
    expect(await store.headPosition()).toBeNull();
  });
});
