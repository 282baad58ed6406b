import {
  ImportRefusedError,
  ImportStoppedError,
  importEvents,
} from '../../../src/modules/audit/application/event-import';
import { WrongExpectedRevisionError } from '../../../src/platform/event-store/event-store.errors';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  StreamAppend,
} from '../../../src/platform/event-store/event-store.port';
import { Position } from '../../../src/platform/event-store/position';

const line = (position: number, stream: string, revision: number, id = `${stream}-${revision}`) =>
  JSON.stringify({
    position: String(position),
    stream,
    revision,
    id,
    type: 'Happened',
    data: { n: position },
    metadata: {
      schemaVersion: 1,
      correlationId: 'c',
      causationId: null,
      actor: 'admin',
      timestamp: '2025-01-01T00:00:00Z',
    },
  });

/** a0 b0 a1 a2 c0 b1: parts [a0] [b0] [a1 a2] [c0] [b1] */
const FILE = [
  line(1, 'a', 0),
  line(2, 'b', 0),
  line(3, 'a', 1),
  line(4, 'a', 2),
  line(5, 'c', 0),
  line(6, 'b', 1),
];

const lines = (texts: string[]) =>
  async function* () {
    yield* texts;
  };

/** A store that records the appends it is given, each stored at the next position; atomic or not. */
function fakeStore(options: {
  atomic: boolean;
  head?: number;
  refuse?: string;
  held?: Record<string, number>;
}) {
  let position = options.head ?? 0;
  const calls: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const stored = async (parts: readonly StreamAppend[]): Promise<AppendResult[]> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    const refused = parts.find((p) => p.streamId === options.refuse);
    if (refused) throw new WrongExpectedRevisionError(refused.streamId, refused.expected, 41);
    calls.push(
      parts.map((p) => `${p.streamId}:${String(p.expected)}:${p.events.map((e) => e.id).join(',')}`),
    );
    return parts.map((p) => {
      position += p.events.length;
      return { nextExpectedRevision: 0, position: { commit: BigInt(position), prepare: BigInt(position) } };
    });
  };
  const store: Partial<EventStore> = {
    headPosition: async (): Promise<Position | null> =>
      options.head === undefined ? null : { commit: BigInt(options.head), prepare: BigInt(options.head) },
    readStream: (streamId: string) =>
      (async function* () {
        const revision = options.held?.[streamId];
        if (revision !== undefined) yield { revision } as RecordedEvent;
      })(),
    append: (streamId: string, events: NewEvent[], expected: ExpectedRevision) =>
      stored([{ streamId, events, expected }]).then(([result]) => result),
  };
  if (options.atomic) store.appendAtomically = stored;
  return { store: store as EventStore, calls, maxInFlight: () => maxInFlight };
}

describe('importEvents', () => {
  it('with appendAtomically: windows of distinct streams, in file order', async () => {
    const { store, calls, maxInFlight } = fakeStore({ atomic: true });
    const report = await importEvents(store, lines(FILE), { continue: false });
    expect(calls).toEqual([
      ['a:no_stream:a-0', 'b:no_stream:b-0'],
      ['a:0:a-1,a-2', 'c:no_stream:c-0', 'b:0:b-1'],
    ]);
    expect(maxInFlight()).toBe(1);
    expect(report).toEqual({
      events: 6,
      alreadyStored: 0,
      first: { commit: 1n, prepare: 1n },
      last: { commit: 6n, prepare: 6n },
    });
  });

  it('without it (EventStoreDB): one part at a time, in file order, never two in flight', async () => {
    const { store, calls, maxInFlight } = fakeStore({ atomic: false });
    await importEvents(store, lines(FILE), { continue: false });
    expect(calls).toEqual([
      ['a:no_stream:a-0'],
      ['b:no_stream:b-0'],
      ['a:0:a-1,a-2'],
      ['c:no_stream:c-0'],
      ['b:0:b-1'],
    ]);
    expect(maxInFlight()).toBe(1);
  });

  it('refuses a target that holds events, unless --continue; nothing written', async () => {
    const { store, calls } = fakeStore({ atomic: true, head: 10 });
    const refused = importEvents(store, lines(FILE), { continue: false });
    await expect(refused).rejects.toThrow(ImportRefusedError);
    await expect(refused).rejects.toThrow(
      /the target already holds events \(up to position 10\).*--continue/,
    );
    expect(calls).toEqual([]);
  });

  it('counts the events stored before this run: appends answered at or before the head', async () => {
    // As a store answers an idempotent retry: the first window (a0 b0) was stored at 1 and 2.
    const { store } = fakeStore({ atomic: true, head: 2 });
    const append = store.appendAtomically!.bind(store);
    let windows = 0;
    store.appendAtomically = async (parts) => {
      const results = await append(parts);
      if (windows++ === 0)
        results.forEach((r, i) => (r.position = { commit: BigInt(i + 1), prepare: BigInt(i + 1) }));
      return results;
    };
    expect(await importEvents(store, lines(FILE), { continue: true })).toMatchObject({
      events: 6,
      alreadyStored: 2,
    });
  });

  it('refuses, before writing, a file continuing a stream the target does not hold that far (a series out of order)', async () => {
    // b2 c3: the next export of a series; the target holds b only up to revision 0, c not at all.
    const next = [line(7, 'b', 2), line(8, 'c', 3)];
    const { store, calls } = fakeStore({ atomic: true, head: 6, held: { b: 0 } });
    const refused = importEvents(store, lines(next), { continue: true });
    await expect(refused).rejects.toThrow(ImportRefusedError);
    await expect(refused).rejects.toThrow(
      'line 1: stream b continues at revision 2, but the target holds it up to revision 0: this file continues an earlier export; import that one first; nothing imported',
    );
    expect(calls).toEqual([]);
    const { store: ready } = fakeStore({ atomic: true, head: 6, held: { b: 1, c: 2 } });
    await expect(importEvents(ready, lines(next), { continue: true })).resolves.toMatchObject({ events: 2 });
  });

  it.each([
    ['a corrupt line', [FILE[0], FILE[1], '{"position":'], /^line 3: not JSON.*; nothing imported$/],
    [
      'an empty line between events',
      [FILE[0], '', FILE[1]],
      /^line 2: an empty line between events; nothing imported$/,
    ],
    ['a gap in a stream', [FILE[0], FILE[1], FILE[3]], /^line 3: stream a goes from revision 0 to 2/],
  ])('refuses %s in pass 1: nothing written', async (_what, file, message) => {
    const { store, calls } = fakeStore({ atomic: true });
    await expect(importEvents(store, lines(file), { continue: false })).rejects.toThrow(ImportRefusedError);
    await expect(importEvents(store, lines(file), { continue: false })).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });

  it('accepts blank lines at the end of the file', async () => {
    const { store } = fakeStore({ atomic: true });
    expect(await importEvents(store, lines([...FILE, '', '  ']), { continue: false })).toMatchObject({
      events: 6,
    });
  });

  it.each([true, false])(
    'a store refusal stops pass 2, naming the line, the stream and what was imported (atomic: %s)',
    async (atomic) => {
      const { store, calls } = fakeStore({ atomic, refuse: 'c' });
      const stopped = importEvents(store, lines(FILE), { continue: false });
      await expect(stopped).rejects.toThrow(ImportStoppedError);
      await expect(stopped).rejects.toThrow(
        new RegExp(
          '^line 5: the append to stream c failed: stream c: expected revision no_stream, actual 41\\. ' +
            `${atomic ? 2 : 4} events were imported before it; none after\\.$`,
        ),
      );
      // Nothing after the refused append was sent.
      expect(calls.flat().some((call) => call.startsWith('b:0'))).toBe(false);
    },
  );

  it('reports progress of both passes', async () => {
    const { store } = fakeStore({ atomic: false });
    const seen: string[] = [];
    await importEvents(store, lines(FILE), {
      continue: false,
      onProgress: (p) => seen.push(`${p.phase} ${p.events}/${String(p.total)}`),
    });
    expect(seen).toEqual(['append 1/6', 'append 2/6', 'append 4/6', 'append 5/6', 'append 6/6']);
  });
});
