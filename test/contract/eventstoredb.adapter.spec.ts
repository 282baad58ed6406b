import { randomUUID } from 'node:crypto';
import { Socket, createServer } from 'node:net';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../src/platform/event-store/event-store.errors';
import { EventSubscription, NewEvent, RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/platform/event-store/eventstoredb/eventstoredb-event-store';
import { EsdbDouble } from '../support/esdb-double/esdb-double';
import { ANY } from '../support/esdb-double/in-memory-log';

// What the shared contract (eventstoredb.contract.spec.ts) does not pin down: EventStoreDB specifics
// of the adapter, over the wire against the double.

function newEvent(type = 'ThingHappened', data: Record<string, string | number> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data: { ...data },
    metadata: {
      schemaVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      actor: 'admin',
      timestamp: new Date().toISOString(),
    },
  };
}

const stream = (): string => `thing-${randomUUID()}`;

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

async function take(subscription: EventSubscription, count: number): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

describe('EventStoreDB adapter over the gRPC double', () => {
  let double: EsdbDouble;
  let store: EventStoreDbEventStore;
  const others: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    double = await EsdbDouble.start();
    store = EventStoreDbEventStore.connect(double.connectionString);
  });

  afterAll(async () => {
    await store.close();
    for (const other of others.reverse()) await other.close();
    await double.stop();
  });

  async function otherDouble(options?: Parameters<typeof EsdbDouble.start>[0]) {
    const started = await EsdbDouble.start(options);
    others.push({ close: () => started.stop() });
    return started;
  }

  function otherStore(connectionString: string, pingTimeoutMs?: number): EventStoreDbEventStore {
    const opened = EventStoreDbEventStore.connect(connectionString, { pingTimeoutMs });
    others.push(opened);
    return opened;
  }

  describe('append', () => {
    it('stores data and metadata as JSON, with EventStoreDB’s $correlationId and $causationId', async () => {
      const id = stream();
      const event = { ...newEvent('Named', { name: 'Ada' }) };
      event.metadata = { ...event.metadata, causationId: randomUUID() };
      await store.append(id, [event], 'no_stream');

      const [read] = await collect(store.readStream(id));
      expect(read).toMatchObject({
        id: event.id,
        streamId: id,
        type: 'Named',
        revision: 0,
        data: { name: 'Ada' },
      });
      expect(read.metadata).toEqual(event.metadata);
      const stored = double.log.stream(id)![0];
      expect(stored.contentType).toBe('application/json');
      expect(JSON.parse(Buffer.from(stored.metadata).toString())).toMatchObject({
        $correlationId: event.metadata.correlationId,
        $causationId: event.metadata.causationId,
      });
    });

    it('answers a repeat as the first append did, even where EventStoreDB itself refuses it', async () => {
      const id = stream();
      const events = [newEvent(), newEvent()];
      const first = await store.append(id, events, 'no_stream');
      // EventStoreDB checks idempotency only while the expected revision still fits; 7 does not.
      const again = double.log.stream(id)!.map((e) => ({
        id: e.id,
        type: e.type,
        contentType: e.contentType,
        data: e.data,
        metadata: e.metadata,
      }));
      expect(double.log.append(id, 7, again)).toEqual({
        kind: 'wrong-expected-version',
        currentRevision: 1,
      });
      await expect(store.append(id, events, 7)).resolves.toEqual(first);
      await expect(store.append(id, [events[1]], 0)).resolves.toEqual(first);
    });

    it('refuses a re-append that only partly matches what is stored', async () => {
      const id = stream();
      const [a, b] = [newEvent(), newEvent()];
      await store.append(id, [a, b], 'no_stream');
      // [a, c] repeats a but not b: a conflict, not a retry.
      const partly = store.append(id, [a, newEvent()], 'no_stream');
      await expect(partly).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(partly).rejects.toMatchObject({ streamId: id, expected: 'no_stream', actual: 1 });
    });

    it('refuses an empty append and a negative revision, as the SQLite adapter does', async () => {
      await expect(store.append(stream(), [], 'any')).rejects.toBeInstanceOf(RangeError);
      await expect(store.append(stream(), [newEvent()], -1)).rejects.toBeInstanceOf(RangeError);
    });
  });

  describe('readStream', () => {
    it('can be left early without leaving the call open', async () => {
      const id = stream();
      await store.append(
        id,
        Array.from({ length: 50 }, () => newEvent()),
        'no_stream',
      );
      for await (const event of store.readStream(id)) {
        expect(event.revision).toBe(0);
        break;
      }
      await expect(collect(store.readStream(id, { maxCount: 1 }))).resolves.toHaveLength(1);
    });
  });

  describe('readAll', () => {
    it('starts strictly after `after`, counts user events only and skips the server’s own', async () => {
      const id = stream();
      const first = await store.append(id, [newEvent()], 'no_stream');
      double.appendSystemEvent();
      await store.append(id, [newEvent(), newEvent()], 0);
      double.appendSystemEvent('$scavenges', '$scavengeStarted');
      await store.append(id, [newEvent()], 2);

      const after = await collect(store.readAll({ after: first.position }));
      expect(after.map((e) => [e.streamId, e.revision])).toEqual([
        [id, 1],
        [id, 2],
        [id, 3],
      ]);
      const two = await collect(store.readAll({ after: first.position, maxCount: 2 }));
      expect(two.map((e) => e.revision)).toEqual([1, 2]);
    });

    it('drops events of system streams even when their type looks like a user event', async () => {
      const fresh = await otherDouble();
      fresh.log.append('$projections-foo', ANY, [
        {
          id: randomUUID(),
          type: 'NotMine',
          contentType: 'application/json',
          data: Buffer.from('{}'),
          metadata: new Uint8Array(),
        },
      ]);
      const onFresh = otherStore(fresh.connectionString);
      await expect(collect(onFresh.readAll())).resolves.toEqual([]);
    });

    it('pages through more events than one read returns, system events included', async () => {
      const fresh = await otherDouble();
      const onFresh = otherStore(fresh.connectionString);
      const id = stream();
      for (let batch = 0; batch < 4; batch++) {
        await onFresh.append(
          id,
          Array.from({ length: 150 }, () => newEvent()),
          batch === 0 ? 'no_stream' : batch * 150 - 1,
        );
        for (let i = 0; i < 100; i++) fresh.appendSystemEvent();
      }
      const all = await collect(onFresh.readAll());
      expect(all.map((e) => e.revision)).toEqual(Array.from({ length: 600 }, (_, i) => i));
      const window = await collect(onFresh.readAll({ after: all[299].position, maxCount: 250 }));
      expect(window.map((e) => e.revision)).toEqual(Array.from({ length: 250 }, (_, i) => 300 + i));
    });
  });

  describe('headPosition', () => {
    it('is null while the log holds only the server’s own events', async () => {
      const fresh = await otherDouble();
      for (let i = 0; i < 100; i++) fresh.appendSystemEvent();
      await expect(otherStore(fresh.connectionString).headPosition()).resolves.toBeNull();
    });

    it('is the last user event, whatever the server wrote after it', async () => {
      const written = await store.append(stream(), [newEvent()], 'no_stream');
      for (let i = 0; i < 100; i++) double.appendSystemEvent();
      await expect(store.headPosition()).resolves.toEqual(written.position);
    });
  });

  describe('subscribeToAll', () => {
    it('delivers history strictly after `after`, then live events, without system events', async () => {
      const id = stream();
      const first = await store.append(id, [newEvent()], 'no_stream');
      await store.append(id, [newEvent()], 0);
      const subscription = store.subscribeToAll({ after: first.position });
      const received = take(subscription, 3);
      double.appendSystemEvent();
      await store.append(id, [newEvent(), newEvent()], 1);
      const events = (await received).filter((e) => e.streamId === id);
      expect(events.map((e) => e.revision)).toEqual([1, 2, 3]);
      await subscription.close();
    });

    it('hands over from catch-up to live without gap or repeat while writes go on', async () => {
      const fresh = await otherDouble();
      const onFresh = otherStore(fresh.connectionString);
      const id = stream();
      await onFresh.append(
        id,
        Array.from({ length: 800 }, () => newEvent()),
        'no_stream',
      );
      const subscription = onFresh.subscribeToAll();
      const revisions: number[] = [];
      let written = 800;
      for await (const event of subscription) {
        revisions.push(event.revision);
        // Keep writing while the subscription is still catching up, then while it is live.
        if (revisions.length % 200 === 0 && written < 1600) {
          await onFresh.append(
            id,
            Array.from({ length: 200 }, () => newEvent()),
            written - 1,
          );
          fresh.appendSystemEvent();
          written += 200;
        }
        if (revisions.length === 1600) break;
      }
      expect(revisions).toEqual(Array.from({ length: 1600 }, (_, i) => i));
    });

    it('ends a waiting iteration when closed', async () => {
      const subscription = store.subscribeToAll({ after: (await store.headPosition()) ?? undefined });
      const pending = subscription[Symbol.asyncIterator]().next();
      await subscription.close();
      await expect(pending).resolves.toEqual({ done: true, value: undefined });
    });

    it('surfaces the loss of the server to the iterator', async () => {
      const fresh = await otherDouble();
      const onFresh = otherStore(fresh.connectionString);
      const subscription = onFresh.subscribeToAll();
      await onFresh.append(stream(), [newEvent()], 'no_stream');
      const iterator = subscription[Symbol.asyncIterator]();
      await iterator.next();
      await fresh.stop();
      await expect(iterator.next()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });

    it('is ended by close() of the store, after which every call is refused', async () => {
      const fresh = await otherDouble();
      const onFresh = EventStoreDbEventStore.connect(fresh.connectionString);
      const pending = onFresh.subscribeToAll()[Symbol.asyncIterator]().next();
      await onFresh.close();
      await expect(pending).resolves.toMatchObject({ done: true });
      await expect(onFresh.append(stream(), [newEvent()], 'any')).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await expect(onFresh.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(collect(onFresh.readAll())).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(() => onFresh.subscribeToAll()).toThrow(EventStoreUnavailableError);
      await expect(onFresh.close()).resolves.toBeUndefined();
    });
  });

  describe('ping', () => {
    it('answers when the server is up', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('fails fast with EventStoreUnavailableError naming the server but not its credentials', async () => {
      const gone = await otherDouble();
      const port = gone.port;
      await gone.stop();
      const connection = `esdb://admin:changeit@127.0.0.1:${port}?tls=false`;
      const failure = otherStore(connection).ping();
      await expect(failure).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(failure).rejects.toThrow(`esdb://127.0.0.1:${port}?tls=false`);
      await expect(failure).rejects.not.toThrow('changeit');
    });

    it('gives up after its deadline when the server accepts connections but never answers', async () => {
      const sockets = new Set<Socket>();
      const silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      others.push({
        close: () =>
          new Promise((resolve) => {
            for (const socket of sockets) socket.destroy();
            silent.close(() => resolve());
          }),
      });
      const { port } = silent.address() as { port: number };
      const started = Date.now();
      const failure = otherStore(`esdb://127.0.0.1:${port}?tls=false`, 300).ping();
      await expect(failure).rejects.toThrow(/did not answer within 300 ms/);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });

  describe('close', () => {
    it("ends within its bound when the client's calls never finish, and says so", async () => {
      // Seen with the double: a call the server ended, whose stream stays paused and never ends,
      // kept the client's dispose() (and the server's SIGTERM) waiting forever.
      const timeouts: number[] = [];
      const stuck = EventStoreDbEventStore.connect(double.connectionString, {
        onDisposeTimeout: (ms) => timeouts.push(ms),
      });
      await stuck.ping();
      const client = (stuck as unknown as { client: { dispose(): Promise<void> } }).client;
      const dispose = client.dispose.bind(client);
      client.dispose = () => new Promise<void>(() => undefined);
      const started = Date.now();
      await stuck.close();
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(timeouts).toEqual([2_000]);
      await dispose();
    });
  });

  describe('connection strings and protocol variants', () => {
    it('appends through Streams.Append when the server does not offer BatchAppend', async () => {
      const legacy = await otherDouble({ batchAppend: false });
      const onLegacy = otherStore(legacy.connectionString);
      const id = stream();
      const events = [newEvent(), newEvent()];
      const first = await onLegacy.append(id, events, 'no_stream');
      await expect(onLegacy.append(id, events, 'no_stream')).resolves.toEqual(first);
      await expect(onLegacy.append(id, [newEvent()], 0)).rejects.toMatchObject({
        streamId: id,
        expected: 0,
        actual: 1,
      });
      await expect(onLegacy.append(stream(), [newEvent()], 'stream_exists')).rejects.toMatchObject({
        actual: -1,
      });
    });

    it('accepts kurrentdb:// and esdb+discover:// (gossip) connection strings', async () => {
      const port = double.port;
      await expect(otherStore(`kurrentdb://127.0.0.1:${port}?tls=false`).ping()).resolves.toBeUndefined();
      await expect(otherStore(`esdb+discover://127.0.0.1:${port}?tls=false`).ping()).resolves.toBeUndefined();
    });

    it('rejects a malformed connection string with EventStoreUnavailableError', () => {
      expect(() => EventStoreDbEventStore.connect('http://nope')).toThrow(EventStoreUnavailableError);
    });
  });
});
