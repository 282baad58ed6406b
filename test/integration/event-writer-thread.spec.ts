import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';
import { EventWriterThread } from '../../src/platform/event-store/sqlite/writer-thread/event-writer-thread';

const metadata = { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'test', timestamp: 't' };

describe('the event store writer thread', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'writer-thread-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to start, with the reason, when it cannot open the file', async () => {
    await expect(EventWriterThread.start(path.join(dir, 'missing.db'))).rejects.toThrow(/unable to open/i);
  });

  it('commits what the event loop reads right after the append is acknowledged', async () => {
    const store = await SqliteEventStore.open(dir);
    try {
      const appends = Array.from({ length: 50 }, (_, i) =>
        store.append(
          `s-${i}`,
          [
            {
              id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
              type: 'T',
              data: { i },
              metadata,
            },
          ],
          'no_stream',
        ),
      );
      const results = await Promise.all(appends);
      const head = await store.headPosition();
      expect(head?.commit).toBe(results.map((r) => r.position.commit).reduce((a, b) => (a > b ? a : b)));
      const read: number[] = [];
      for await (const event of store.readAll()) read.push(event.data.i as number);
      expect(read.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    } finally {
      await store.close();
    }
  });

  it('when the thread dies: appends are refused and readiness fails, reads still answer', async () => {
    const store = await SqliteEventStore.open(dir);
    try {
      await store.append(
        's-1',
        [{ id: '00000000-0000-7000-8000-000000000001', type: 'T', data: {}, metadata }],
        'any',
      );
      // What a crash of the thread looks like from the event loop.
      const internals = store as unknown as { thread: { worker: { terminate(): Promise<number> } } };
      await internals.thread.worker.terminate();
      await expect(
        store.append(
          's-1',
          [{ id: '00000000-0000-7000-8000-000000000002', type: 'T', data: {}, metadata }],
          'any',
        ),
      ).rejects.toThrow(/writer thread stopped/);
      await expect(store.ping()).rejects.toThrow(/writer thread stopped/);
      expect(await store.headPosition()).toEqual({ commit: 1n, prepare: 1n });
    } finally {
      await store.close();
    }
  });

  it('frees DATA_DIR on close: the store opens again in the same process', async () => {
    const first = await SqliteEventStore.open(dir);
    await expect(SqliteEventStore.open(dir)).rejects.toThrow(/already in use/);
    await first.close();
    const second = await SqliteEventStore.open(dir);
    await second.close();
  });
});
