import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WrongExpectedRevisionError } from '../../src/platform/event-store/event-store.errors';
import type {
  EventMetadata,
  EventStore,
  EventSubscription,
  JsonObject,
  NewEvent,
  RecordedEvent,
} from '../../src/platform/event-store/event-store.port';
import { comparePositions, type Position, START } from '../../src/platform/event-store/position';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

/**
 * The behaviour every EventStore adapter must show. Runs against a store that may be shared
 * and non-empty (e.g. a real EventStoreDB): every test uses its own streams and compares
 * positions relative to what it wrote, never to absolute values.
 */
export function eventStoreContract(name: string, factory: EventStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });

    afterAll(async () => {
      await cleanup();
    });

    /** Appends `count` single-event appends and returns the stream name. */
    async function streamWith(count: number, prefix = 'contract'): Promise<string> {
      const streamId = uniqueStream(prefix);
      if (count > 0) await store.append(streamId, events(count), 'no_stream');
      return streamId;
    }

    describe('expected revision', () => {
      it("'any' appends to a new and to an existing stream", async () => {
        const streamId = uniqueStream();
        await expect(store.append(streamId, events(1), 'any')).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
        await expect(store.append(streamId, events(2), 'any')).resolves.toMatchObject({
          nextExpectedRevision: 2,
        });
      });

      it("'no_stream' creates a new stream", async () => {
        const streamId = uniqueStream();
        await expect(store.append(streamId, events(1), 'no_stream')).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
      });

      it("'no_stream' on an existing stream is rejected with the actual revision", async () => {
        const streamId = await streamWith(3);
        await expectWrongRevision(store.append(streamId, events(1), 'no_stream'), streamId, 'no_stream', 2);
        expect(await readStreamIds(store, streamId)).toHaveLength(3);
      });

      it("'stream_exists' on a new stream is rejected with actual -1", async () => {
        const streamId = uniqueStream();
        await expectWrongRevision(
          store.append(streamId, events(1), 'stream_exists'),
          streamId,
          'stream_exists',
          -1,
        );
        expect(await readStreamIds(store, streamId)).toEqual([]);
      });

      it("'stream_exists' appends to an existing stream", async () => {
        const streamId = await streamWith(1);
        await expect(store.append(streamId, events(1), 'stream_exists')).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
      });

      it('an exact revision equal to the last event appends', async () => {
        const streamId = await streamWith(2);
        await expect(store.append(streamId, events(2), 1)).resolves.toMatchObject({
          nextExpectedRevision: 3,
        });
      });

      it('an exact revision that is not the last event is rejected', async () => {
        const streamId = await streamWith(2);
        await expectWrongRevision(store.append(streamId, events(1), 0), streamId, 0, 1);
        await expectWrongRevision(store.append(streamId, events(1), 5), streamId, 5, 1);
        expect(await readStreamIds(store, streamId)).toHaveLength(2);
      });

      it('an exact revision on a missing stream is rejected with actual -1', async () => {
        const streamId = uniqueStream();
        await expectWrongRevision(store.append(streamId, events(1), 0), streamId, 0, -1);
      });

      it('a revision read before a concurrent write is rejected afterwards', async () => {
        const streamId = await streamWith(1);
        const [last] = await collect(store.readStream(streamId, { direction: 'backwards', maxCount: 1 }));
        await store.append(streamId, events(1), last.revision); // the other writer wins
        await expectWrongRevision(store.append(streamId, events(1), last.revision), streamId, 0, 1);
      });

      it('concurrent appends with the same expected revision: exactly one wins', async () => {
        const streamId = await streamWith(1);
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append(streamId, events(1), 0)),
        );
        const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
        const lost = attempts.filter((attempt) => attempt.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const attempt of lost) {
          expect(attempt.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(attempt.reason).toMatchObject({ streamId, actual: 1 });
        }
        expect(await readStreamIds(store, streamId)).toHaveLength(2);
      });

      it("concurrent 'no_stream' appends to a new stream: exactly one wins", async () => {
        const streamId = uniqueStream('reservation');
        const attempts = await Promise.allSettled(
          Array.from({ length: 5 }, () => store.append(streamId, events(1), 'no_stream')),
        );
        expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
        expect(await readStreamIds(store, streamId)).toHaveLength(1);
      });
    });

    describe('append', () => {
      it('a multi-event append is contiguous and ordered in its stream and in $all', async () => {
        const streamId = uniqueStream();
        const batch = events(5);
        const result = await store.append(streamId, batch, 'no_stream');
        expect(result.nextExpectedRevision).toBe(4);

        const stored = await collect(store.readStream(streamId));
        expect(stored.map((event) => event.id)).toEqual(batch.map((event) => event.id));
        expect(stored.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
        expectStrictlyIncreasing(stored.map((event) => event.position));
        expect(comparePositions(stored[4].position, result.position)).toBe(0);

        // Nothing of another writer can sit between the events of one append.
        const following = await collect(store.readAll({ after: stored[0].position, maxCount: 4 }));
        expect(following.map((event) => event.id)).toEqual(batch.slice(1).map((event) => event.id));
      });

      it('stores type, data and metadata unchanged', async () => {
        const streamId = uniqueStream();
        const data: JsonObject = {
          userName: 'bjensen@example.com',
          name: { givenName: 'Barbara', familyName: 'Jensen', honorific: null },
          emails: [{ value: 'b@example.com', primary: true }],
          active: false,
          count: 42,
          ratio: 0.25,
          text: 'Ünïcödé ✓ 日本語 "quotes" \\ back\nslash',
        };
        const metadata: EventMetadata = {
          schemaVersion: 3,
          correlationId: randomUUID(),
          causationId: randomUUID(),
          actor: 'scim-token:tok-1',
          timestamp: '2024-05-06T07:08:09.010Z',
        };
        const first: NewEvent = { id: randomUUID(), type: 'UserCreated', data, metadata };
        const second = newEvent({ type: 'UserDeactivated', data: {} });
        await store.append(streamId, [first, second], 'no_stream');

        const stored = await collect(store.readStream(streamId));
        expect(stored[0]).toMatchObject({ id: first.id, streamId, type: 'UserCreated', revision: 0 });
        expect(stored[0].data).toEqual(data);
        expect(stored[0].metadata).toEqual(metadata);
        expect(stored[1].metadata).toEqual(second.metadata);
        expect(stored[1].metadata.causationId).toBeNull();
        expect(stored[1].data).toEqual({});
      });

      it('re-appending the same ids is idempotent: same result, events stored once', async () => {
        const streamId = uniqueStream();
        const before = await headOrStart(store);
        const batch = events(3);
        const original = await store.append(streamId, batch, 'no_stream');

        // The retry a client makes (same expected revision) and an unconditional one.
        for (const expected of ['no_stream', 'any'] as const) {
          const retried = await store.append(streamId, batch, expected);
          expect(retried.nextExpectedRevision).toBe(original.nextExpectedRevision);
          expect(comparePositions(retried.position, original.position)).toBe(0);
        }

        expect(await readStreamIds(store, streamId)).toEqual(batch.map((event) => event.id));
        const inAll = (await collect(store.readAll({ after: before }))).filter(
          (event) => event.streamId === streamId,
        );
        expect(inAll).toHaveLength(3);
      });

      it('an idempotent retry does not prevent later appends', async () => {
        const streamId = uniqueStream();
        const batch = events(2);
        await store.append(streamId, batch, 'no_stream');
        await store.append(streamId, batch, 'no_stream');
        await expect(store.append(streamId, events(1), 1)).resolves.toMatchObject({
          nextExpectedRevision: 2,
        });
      });

      it('appendsSettled waits for every append given before it, answered or refused', async () => {
        const answered: string[] = [];
        const note = (what: string) => () => answered.push(what);
        const existing = await streamWith(1);
        void store.append(uniqueStream(), events(3), 'no_stream').then(note('stored'));
        void store.append(existing, events(1), 'no_stream').catch(note('refused'));
        const settled = store.appendsSettled();
        const later = store.append(uniqueStream(), events(1), 'no_stream');
        await settled;
        expect(answered.sort()).toEqual(['refused', 'stored']);
        await later;
        await expect(store.appendsSettled()).resolves.toBeUndefined();
      });
    });

    describe('readStream', () => {
      let streamId: string;
      let ids: string[];

      beforeAll(async () => {
        streamId = uniqueStream();
        const first = events(4);
        const second = events(6);
        await store.append(streamId, first, 'no_stream');
        await store.append(streamId, second, 3);
        ids = [...first, ...second].map((event) => event.id);
      });

      it('reads forwards from the start', async () => {
        const stored = await collect(store.readStream(streamId));
        expect(stored.map((event) => event.id)).toEqual(ids);
        expect(stored.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(stored.every((event) => event.streamId === streamId)).toBe(true);
      });

      it('reads forwards from a revision, limited by maxCount', async () => {
        const stored = await collect(store.readStream(streamId, { fromRevision: 3, maxCount: 4 }));
        expect(stored.map((event) => event.revision)).toEqual([3, 4, 5, 6]);
        expect(stored.map((event) => event.id)).toEqual(ids.slice(3, 7));
      });

      it('reads backwards from the end', async () => {
        const stored = await collect(store.readStream(streamId, { direction: 'backwards' }));
        expect(stored.map((event) => event.id)).toEqual([...ids].reverse());
      });

      it('reads backwards from a revision, limited by maxCount', async () => {
        const stored = await collect(
          store.readStream(streamId, { direction: 'backwards', fromRevision: 5, maxCount: 3 }),
        );
        expect(stored.map((event) => event.revision)).toEqual([5, 4, 3]);
      });

      it('reads nothing past the end', async () => {
        expect(await collect(store.readStream(streamId, { fromRevision: 10 }))).toEqual([]);
      });

      it('reads a missing stream as empty, in both directions', async () => {
        const missing = uniqueStream('missing');
        expect(await collect(store.readStream(missing))).toEqual([]);
        expect(await collect(store.readStream(missing, { direction: 'backwards' }))).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('orders $all by append order with strictly increasing positions', async () => {
        const before = await headOrStart(store);
        const streams = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
        const appended: string[] = [];
        for (let round = 0; round < 3; round++) {
          for (const streamId of streams) {
            const batch = events(round + 1);
            await store.append(streamId, batch, 'any');
            appended.push(...batch.map((event) => event.id));
          }
        }

        const all = await collect(store.readAll({ after: before }));
        expectStrictlyIncreasing(all.map((event) => event.position));
        expect(all.every((event) => comparePositions(event.position, before) > 0)).toBe(true);
        const mine = all.filter((event) => streams.includes(event.streamId));
        expect(mine.map((event) => event.id)).toEqual(appended);
      });

      it('reads strictly after a position, at most maxCount events', async () => {
        const streamId = uniqueStream();
        const batch = events(6);
        await store.append(streamId, batch, 'no_stream');
        const stored = await collect(store.readStream(streamId));

        const page = await collect(store.readAll({ after: stored[1].position, maxCount: 3 }));
        expect(page.map((event) => event.id)).toEqual(batch.slice(2, 5).map((event) => event.id));
      });

      it('reads from the beginning when no position is given', async () => {
        const first = await collect(store.readAll({ maxCount: 5 }));
        expect(first.length).toBeGreaterThan(0);
        expect(first.length).toBeLessThanOrEqual(5);
        expectStrictlyIncreasing(first.map((event) => event.position));
      });

      it('reports the head position of $all', async () => {
        const streamId = uniqueStream();
        const result = await store.append(streamId, events(2), 'no_stream');
        const head = await store.headPosition();
        expect(head).not.toBeNull();
        expect(comparePositions(head!, result.position)).toBeGreaterThanOrEqual(0);
      });

      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('subscribeToAll', () => {
      it('hands over from catch-up to live with no gap and no duplicate', async () => {
        const streamId = uniqueStream('sub');
        const before = await headOrStart(store);
        const history = 40;
        const live = 25;
        for (let i = 0; i < history / 4; i++) await store.append(streamId, events(4), 'any');

        const subscription = store.subscribeToAll({ after: before });
        let writing: Promise<void> | undefined;
        const received = await consume(
          subscription,
          (_event, mine) => {
            // Start writing halfway through the history, slowly enough that some events are
            // appended during catch-up and some after it, once the subscription is live.
            if (mine.length === history / 2 && !writing) writing = appendSlowly(store, streamId, live);
            return mine.length === history + live;
          },
          streamId,
        );
        await writing;

        expect(received.mine.map((event) => event.revision)).toEqual(range(history + live));
        expectStrictlyIncreasing(received.all.map((event) => event.position));
        expect(received.all.every((event) => comparePositions(event.position, before) > 0)).toBe(true);
      });

      it('starts strictly after the given position', async () => {
        const streamId = uniqueStream('sub');
        const batch = events(4);
        await store.append(streamId, batch, 'no_stream');
        const stored = await collect(store.readStream(streamId));

        const subscription = store.subscribeToAll({ after: stored[1].position });
        const received = await consume(subscription, (_event, mine) => mine.length === 2, streamId);
        expect(received.mine.map((event) => event.id)).toEqual([batch[2].id, batch[3].id]);
        expect(comparePositions(received.all[0].position, stored[1].position)).toBeGreaterThan(0);
      });

      it('close() ends an iteration that is waiting for live events', async () => {
        const streamId = await streamWith(1, 'sub');
        const [event] = await collect(store.readStream(streamId));
        const subscription = store.subscribeToAll({ after: event.position });
        const iterating = (async () => {
          let count = 0;
          for await (const _ of subscription) count++;
          return count;
        })();
        await sleep(50);
        await subscription.close();
        await expect(withTimeout(iterating, 5000, 'iteration did not end after close()')).resolves.toEqual(
          expect.any(Number),
        );
      });

      it('delivers nothing after close()', async () => {
        const streamId = await streamWith(1, 'sub');
        const [event] = await collect(store.readStream(streamId));
        const subscription = store.subscribeToAll({ after: event.position });
        await subscription.close();
        await store.append(streamId, events(1), 0);
        const iterator = subscription[Symbol.asyncIterator]();
        const next = await withTimeout(iterator.next(), 5000, 'next() after close() did not settle');
        expect(next.done).toBe(true);
      });
    });

    describe('event version stamp', () => {
      /** Types of this run only: the stamp of a shared store keeps every type it was ever given. */
      const stampedType = (): string => `ContractStamped${randomUUID().replace(/-/g, '')}`;

      it('is raised per type to the highest of both, never lowered, other types kept', async () => {
        const [a, b] = [stampedType(), stampedType()];
        const before = await store.readEventVersionStamp();
        expect(before.has(a)).toBe(false);

        await store.raiseEventVersionStamp(
          new Map([
            [a, 2],
            [b, 1],
          ]),
        );
        await store.raiseEventVersionStamp(
          new Map([
            [a, 1],
            [b, 3],
          ]),
        );
        await store.raiseEventVersionStamp(new Map([[a, 1]]));

        const after = await store.readEventVersionStamp();
        expect([after.get(a), after.get(b)]).toEqual([2, 3]);
        for (const [type, version] of before) expect(after.get(type)).toBeGreaterThanOrEqual(version);
      });

      it('is not an event: readAll and subscriptions never hand it out, the head does not move', async () => {
        const head = await store.headPosition();
        const before = head ?? START;
        const subscription = store.subscribeToAll({ after: before });
        await store.raiseEventVersionStamp(new Map([[stampedType(), 1]]));
        expect(await store.headPosition()).toEqual(head);
        const streamId = await streamWith(1, 'after-stamp');

        const read = await collect(store.readAll({ after: before }));
        expect(read.map((event) => event.streamId)).toEqual([streamId]);
        const { all } = await consume(subscription, (_event, mine) => mine.length === 1, streamId);
        expect(all.map((event) => event.streamId)).toEqual([streamId]);
      });
    });
  });
}

// ---------------------------------------------------------------- helpers

export function uniqueStream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID().replace(/-/g, '')}`;
}

export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id: randomUUID(),
    type: 'ContractTested',
    data: { value: randomUUID() },
    metadata: {
      schemaVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      actor: 'system:contract-test',
      timestamp: new Date().toISOString(),
    },
    ...overrides,
  };
}

export function events(count: number): NewEvent[] {
  return Array.from({ length: count }, () => newEvent());
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function readStreamIds(store: EventStore, streamId: string): Promise<string[]> {
  return (await collect(store.readStream(streamId))).map((event) => event.id);
}

async function headOrStart(store: EventStore): Promise<Position> {
  return (await store.headPosition()) ?? START;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

function expectStrictlyIncreasing(positions: Position[]): void {
  for (let i = 1; i < positions.length; i++) {
    expect(comparePositions(positions[i], positions[i - 1])).toBeGreaterThan(0);
  }
}

async function expectWrongRevision(
  append: Promise<unknown>,
  streamId: string,
  expected: WrongExpectedRevisionError['expected'],
  actual: number,
): Promise<void> {
  const error: unknown = await append.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect(error).toMatchObject({ streamId, expected, actual });
}

async function appendSlowly(store: EventStore, streamId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.append(streamId, events(1), 'any');
    await sleep(2);
  }
}

/**
 * Reads a subscription until `done` says so (given the event and this stream's events so far),
 * then closes it. Fails instead of hanging when events stop coming.
 */
async function consume(
  subscription: EventSubscription,
  done: (event: RecordedEvent, mine: RecordedEvent[]) => boolean,
  streamId: string,
  timeoutMs = 10_000,
): Promise<{ all: RecordedEvent[]; mine: RecordedEvent[] }> {
  const all: RecordedEvent[] = [];
  const mine: RecordedEvent[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await withTimeout(
        iterator.next(),
        timeoutMs,
        `subscription stalled after ${mine.length} events`,
      );
      if (next.done) throw new Error(`subscription ended after ${mine.length} events`);
      all.push(next.value);
      if (next.value.streamId === streamId) mine.push(next.value);
      if (done(next.value, mine)) return { all, mine };
    }
  } finally {
    await subscription.close();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
