import { expect } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../src/platform/event-store/event-store.errors';
import { comparePositions } from '../../src/platform/event-store/position';
import { DuplicateEventIdError, SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { collect, eventStoreContract, events, newEvent, uniqueStream } from './event-store.contract';

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-event-store-'));
  tempDirs.push(dir);
  return dir;
}

/** A new stream with `count` events. */
async function streamWith(store: SqliteEventStore, count: number): Promise<string> {
  const streamId = uniqueStream('taken');
  await store.append(streamId, events(count), 'no_stream');
  return streamId;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

eventStoreContract('SQLite', async () => {
  const store = await SqliteEventStore.open({ dataDir: tempDir() });
  return { store, cleanup: () => store.close() };
});

describe('SqliteEventStore', () => {
  describe('group commit', () => {
    let store: SqliteEventStore;

    beforeAll(async () => {
      store = await SqliteEventStore.open({ dataDir: tempDir() });
    });

    afterAll(async () => {
      await store.close();
    });

    it('acknowledges many concurrent appends, positions in call order', async () => {
      const shared = uniqueStream('shared');
      const appends = Array.from({ length: 600 }, (_, i) =>
        i % 3 === 0
          ? store.append(shared, events(1), 'any')
          : store.append(uniqueStream('own'), events(2), 'no_stream'),
      );
      const results = await Promise.all(appends);
      for (let i = 1; i < results.length; i++) {
        expect(comparePositions(results[i].position, results[i - 1].position)).toBeGreaterThan(0);
      }
      expect(await collect(store.readStream(shared))).toHaveLength(200);
    });

    it('a failing append in a batch leaves the others and stores none of its own events', async () => {
      const failing = uniqueStream('failing');
      const stolen = newEvent();
      await store.append(uniqueStream('owner'), [stolen], 'no_stream');

      const good = uniqueStream('good');
      const [first, broken, last] = await Promise.allSettled([
        store.append(good, events(2), 'no_stream'),
        // The third event reuses a stored id: the first two were inserted and must be rolled back.
        store.append(failing, [...events(2), stolen], 'no_stream'),
        store.append(good, events(1), 1),
      ]);
      expect(first.status).toBe('fulfilled');
      expect(last).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 2 } });
      expect(broken.status).toBe('rejected');
      expect((broken as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      expect(await collect(store.readStream(failing))).toEqual([]);
    });

    it('answers a retried append with its original result whatever the expected revision says', async () => {
      const streamId = uniqueStream();
      const batch = events(3);
      const original = await store.append(streamId, batch, 'no_stream');
      await store.append(streamId, events(2), 'any'); // the stream moved on since
      for (const expected of [7, 2, 'stream_exists', 'no_stream'] as const) {
        await expect(store.append(streamId, batch, expected)).resolves.toEqual(original);
      }
      // A prefix of a stored append is a retry too; the same ids in another order are not.
      await expect(store.append(streamId, batch.slice(0, 2), 'any')).resolves.toMatchObject({
        nextExpectedRevision: 1,
      });
      await expect(store.append(streamId, [batch[1], batch[0]], 'any')).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      await expect(store.append(streamId, [batch[0], newEvent()], 'any')).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await collect(store.readStream(streamId))).toHaveLength(5);
    });

    it('rejects an id already stored in another stream', async () => {
      const event = newEvent();
      await store.append(uniqueStream(), [event], 'no_stream');
      await expect(store.append(uniqueStream(), [event], 'any')).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
    });

    it('rejects an empty append and a negative expected revision', async () => {
      await expect(store.append(uniqueStream(), [], 'any')).rejects.toBeInstanceOf(RangeError);
      await expect(store.append(uniqueStream(), events(1), -1)).rejects.toBeInstanceOf(RangeError);
    });

    describe('appendAtomically', () => {
      it('stores every part, in order, with its own result, readable at once', async () => {
        const reservation = uniqueStream('reservation');
        const user = uniqueStream('user');
        const before = (await store.headPosition())!;
        const results = await store.appendAtomically([
          { streamId: reservation, events: events(1), expected: 'no_stream' },
          { streamId: user, events: events(2), expected: 'no_stream' },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1]);
        expect(comparePositions(results[1].position, results[0].position)).toBeGreaterThan(0);
        expect(await collect(store.readStream(reservation))).toHaveLength(1);
        expect(await collect(store.readStream(user))).toHaveLength(2);
        const all = await collect(store.readAll({ after: before }));
        expect(all.map((event) => event.streamId)).toEqual([reservation, user, user]);
        expect(all[2].position).toEqual(results[1].position);
      });

      it('stores nothing when one part fails its check, and names that stream', async () => {
        const reservation = uniqueStream('reservation');
        const taken = await streamWith(store, 1);
        const refused = store.appendAtomically([
          { streamId: reservation, events: events(1), expected: 'no_stream' },
          { streamId: taken, events: events(1), expected: 'no_stream' },
        ]);
        await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(refused).rejects.toMatchObject({ streamId: taken, actual: 0 });
        expect(await collect(store.readStream(reservation))).toEqual([]);
        expect(await collect(store.readStream(taken))).toHaveLength(1);
        // The refused part's stream is as it was: a plain append to it goes through.
        await expect(store.append(reservation, events(1), 'no_stream')).resolves.toMatchObject({
          nextExpectedRevision: 0,
        });
      });

      it('fails on its own within a group: the appends beside it are stored', async () => {
        const taken = await streamWith(store, 1);
        const beside = uniqueStream('beside');
        const fresh = uniqueStream('fresh');
        const [before, atomic, after] = await Promise.allSettled([
          store.append(beside, events(1), 'no_stream'),
          store.appendAtomically([
            { streamId: fresh, events: events(2), expected: 'no_stream' },
            { streamId: taken, events: events(1), expected: 'no_stream' },
          ]),
          store.append(beside, events(1), 0),
        ]);
        expect(before.status).toBe('fulfilled');
        expect(atomic.status).toBe('rejected');
        expect(after).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1 } });
        expect(await collect(store.readStream(fresh))).toEqual([]);
      });

      it('refuses no parts, a part without events and the same stream twice', async () => {
        const streamId = uniqueStream();
        await expect(store.appendAtomically([])).rejects.toBeInstanceOf(RangeError);
        await expect(
          store.appendAtomically([{ streamId, events: [], expected: 'any' }]),
        ).rejects.toBeInstanceOf(RangeError);
        await expect(
          store.appendAtomically([
            { streamId, events: events(1), expected: 'no_stream' },
            { streamId, events: events(1), expected: 0 },
          ]),
        ).rejects.toThrow(/twice/);
        expect(await collect(store.readStream(streamId))).toEqual([]);
      });
    });

    it('reads across page boundaries', async () => {
      const streamId = uniqueStream('long');
      const before = (await store.headPosition())!;
      for (let i = 0; i < 5; i++) await store.append(streamId, events(500), 'any');

      expect(await collect(store.readStream(streamId))).toHaveLength(2500);
      const backwards = await collect(store.readStream(streamId, { direction: 'backwards', maxCount: 1500 }));
      expect(backwards.map((event) => event.revision)).toEqual(
        Array.from({ length: 1500 }, (_, i) => 2499 - i),
      );
      const all = await collect(store.readAll({ after: before, maxCount: 2001 }));
      expect(all).toHaveLength(2001);
      expect(all.map((event) => event.revision)).toEqual(Array.from({ length: 2001 }, (_, i) => i));
    });
  });

  describe('lifecycle', () => {
    it('remembers whether the previous run closed the store: nothing on a new DATA_DIR, then a clean stop', async () => {
      const dataDir = tempDir();
      const first = await SqliteEventStore.open({ dataDir });
      expect(first.previousRun).toBeUndefined();
      await first.close();
      const second = await SqliteEventStore.open({ dataDir });
      try {
        expect(second.previousRun).toEqual({ startedAt: expect.any(String), stoppedCleanly: true });
      } finally {
        await second.close();
      }
    });

    it('close() waits for queued appends; reopening finds them and continues the positions', async () => {
      const dataDir = tempDir();
      const store = await SqliteEventStore.open({ dataDir });
      const streamId = uniqueStream();
      const pending = store.append(streamId, events(3), 'no_stream');
      await store.close();
      const written = await pending;
      await expect(store.append(streamId, events(1), 'any')).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);

      const reopened = await SqliteEventStore.open(dataDir);
      try {
        expect(await collect(reopened.readStream(streamId))).toHaveLength(3);
        const next = await reopened.append(streamId, events(1), 2);
        expect(comparePositions(next.position, written.position)).toBeGreaterThan(0);
      } finally {
        await reopened.close();
      }
    });

    it('close() ends open subscriptions', async () => {
      const store = await SqliteEventStore.open({ dataDir: tempDir() });
      const subscription = store.subscribeToAll();
      const iterating = collect(subscription);
      await store.append(uniqueStream(), events(2), 'no_stream');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.close();
      await expect(iterating).resolves.toHaveLength(2);
    });

    it('a store from before the event version stamp opens with none; a stamp survives a reopen', async () => {
      const dataDir = tempDir();
      const store = await SqliteEventStore.open({ dataDir });
      const streamId = await streamWith(store, 2);
      await store.close();
      const file = path.join(dataDir, 'events.db');
      const old = new Database(file);
      old.exec('DROP TABLE event_versions');
      old.pragma('user_version = 1');
      old.close();

      const migrated = await SqliteEventStore.open({ dataDir });
      try {
        expect(await migrated.readEventVersionStamp()).toEqual(new Map());
        expect(await collect(migrated.readStream(streamId))).toHaveLength(2);
        await migrated.raiseEventVersionStamp(new Map([['UserProvisioned', 1]]));
      } finally {
        await migrated.close();
      }
      const reopened = await SqliteEventStore.open({ dataDir });
      try {
        expect(await reopened.readEventVersionStamp()).toEqual(new Map([['UserProvisioned', 1]]));
      } finally {
        await reopened.close();
      }
    });

    it('headPosition() is null for an empty store', async () => {
      const store = await SqliteEventStore.open({ dataDir: tempDir() });
      try {
        expect(await store.headPosition()).toBeNull();
      } finally {
        await store.close();
      }
    });
  });

  describe('faults at open', () => {
    it('DATA_DIR that cannot be created', async () => {
      // Tests run as root, so permissions do not stop us: a path below a regular file does.
      const file = path.join(tempDir(), 'a-file');
      fs.writeFileSync(file, 'not a directory');
      const dataDir = path.join(file, 'sub');
      const error = await SqliteEventStore.open({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(dataDir);
      expect((error as Error).message).toMatch(/cannot be created/);
    });

    it('events.db that is not a database', async () => {
      const dataDir = tempDir();
      fs.writeFileSync(path.join(dataDir, 'events.db'), 'this is not an SQLite file\n'.repeat(400));
      const error = await SqliteEventStore.open({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(dataDir);
      expect((error as Error).message).toMatch(/corrupt or not an SQLite database/);
    });

    it('events.db with damaged pages', async () => {
      const dataDir = tempDir();
      const store = await SqliteEventStore.open({ dataDir });
      for (let i = 0; i < 4; i++) await store.append(uniqueStream(), events(250), 'no_stream');
      await store.close();
      const file = path.join(dataDir, 'events.db');
      const size = fs.statSync(file).size;
      const fd = fs.openSync(file, 'r+');
      // Keep the header (page 1) intact so only a page check can notice.
      fs.writeSync(fd, Buffer.alloc(Math.floor(size / 2), 0xa5), 0, Math.floor(size / 2), 4096);
      fs.closeSync(fd);

      const error = await SqliteEventStore.open({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toContain(dataDir);
      expect((error as Error).message).toMatch(/corrupt/);
    });

    it('DATA_DIR already used by another process', async () => {
      const dataDir = tempDir();
      const store = await SqliteEventStore.open({ dataDir });
      try {
        const blocked = openInChildProcess(dataDir);
        expect(blocked.status).toBe(3);
        expect(blocked.stderr).toContain(dataDir);
        expect(blocked.stderr).toMatch(/already in use by another process/);
      } finally {
        await store.close();
      }
      // Released by close(): another process may now open it.
      expect(openInChildProcess(dataDir)).toMatchObject({ status: 0 });
    });
  });
});

/** The compiled adapter (`npm run build`, run by `pretest`), loaded in a separate node process. */
function openInChildProcess(dataDir: string): { status: number | null; stderr: string } {
  const adapter = path.resolve(__dirname, '../../dist/src/platform/event-store/sqlite/index.js');
  if (!fs.existsSync(adapter)) throw new Error(`${adapter} is missing: run npm run build first`);
  const script = `
    const { SqliteEventStore } = require(${JSON.stringify(adapter)});
    SqliteEventStore.open(process.argv[1]).then(
      (store) => store.close().then(() => process.exit(0)),
      (error) => { console.error(error.name + ': ' + error.message); process.exit(3); },
    );`;
  const child = spawnSync(process.execPath, ['-e', script, dataDir], { encoding: 'utf8', timeout: 10_000 });
  return { status: child.status, stderr: child.stderr };
}
