import {
  ImportPart,
  ImportParts,
  ImportWindows,
  MAX_PART_EVENTS,
  MAX_WINDOW_EVENTS,
} from '../../../src/modules/audit/domain/import-appends';
import { ImportedEvent } from '../../../src/modules/audit/domain/import-line';
import { NewEvent } from '../../../src/platform/event-store/event-store.port';

let ids = 0;
const imported = (stream: string, revision: number): ImportedEvent => ({
  sourcePosition: { commit: BigInt(++ids), prepare: BigInt(ids) },
  stream,
  revision,
  event: {
    id: `${stream}-${revision}`,
    type: 'Happened',
    data: {},
    metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'admin', timestamp: 't' },
  },
});

/** [stream, revision] pairs in file order, lines 1, 2, ... */
function partsOf(events: [string, number][]): ImportPart[] {
  const builder = new ImportParts();
  const parts: ImportPart[] = [];
  events.forEach(([stream, revision], i) => {
    const closed = builder.add(imported(stream, revision), i + 1);
    if (closed) parts.push(closed);
  });
  const last = builder.end();
  if (last) parts.push(last);
  return parts;
}

const summary = (parts: ImportPart[]) =>
  parts.map((p) => ({
    stream: p.streamId,
    expected: p.expected,
    line: p.line,
    ids: p.events.map((e) => e.id),
  }));

function windowsOf(parts: ImportPart[]): ImportPart[][] {
  const builder = new ImportWindows();
  const windows: ImportPart[][] = [];
  for (const part of parts) {
    const closed = builder.add(part);
    if (closed) windows.push(closed);
  }
  const last = builder.end();
  if (last) windows.push(last);
  return windows;
}

/** A run of `count` events of one stream from `from`. */
const run = (stream: string, from: number, count: number): [string, number][] =>
  Array.from({ length: count }, (_, i) => [stream, from + i]);

describe('ImportParts: the file cut into appends', () => {
  it('joins consecutive events of one stream; expected revision is the one before (no_stream for 0)', () => {
    const parts = partsOf([
      ['a', 0],
      ['a', 1],
      ['b', 0],
      ['a', 2],
      ['c', 5],
      ['c', 6],
      ['c', 7],
    ]);
    expect(summary(parts)).toEqual([
      { stream: 'a', expected: 'no_stream', line: 1, ids: ['a-0', 'a-1'] },
      { stream: 'b', expected: 'no_stream', line: 3, ids: ['b-0'] },
      { stream: 'a', expected: 1, line: 4, ids: ['a-2'] },
      { stream: 'c', expected: 4, line: 5, ids: ['c-5', 'c-6', 'c-7'] },
    ]);
  });

  it(`cuts a long run of one stream every ${MAX_PART_EVENTS} events`, () => {
    const parts = partsOf(run('a', 0, MAX_PART_EVENTS * 2 + 1));
    expect(parts.map((p) => [p.events.length, p.expected, p.line])).toEqual([
      [MAX_PART_EVENTS, 'no_stream', 1],
      [MAX_PART_EVENTS, MAX_PART_EVENTS - 1, MAX_PART_EVENTS + 1],
      [1, MAX_PART_EVENTS * 2 - 1, MAX_PART_EVENTS * 2 + 1],
    ]);
  });

  it('no events, no part', () => {
    expect(partsOf([])).toEqual([]);
  });
});

describe('ImportWindows: parts grouped for atomic appends', () => {
  it('keeps consecutive parts of distinct streams together, in order', () => {
    const windows = windowsOf(
      partsOf([
        ['a', 0],
        ['b', 0],
        ['c', 0],
        ['c', 1],
      ]),
    );
    expect(windows.map((w) => w.map((p) => p.streamId))).toEqual([['a', 'b', 'c']]);
  });

  it('closes the window before a stream would appear in it twice', () => {
    const windows = windowsOf(
      partsOf([
        ['a', 0],
        ['b', 0],
        ['c', 0],
        ['b', 1],
        ['a', 1],
        ['d', 0],
        ['b', 2],
      ]),
    );
    expect(windows.map((w) => w.map((p) => `${p.streamId}${p.events[0].id.slice(2)}`))).toEqual([
      ['a0', 'b0', 'c0'],
      ['b1', 'a1', 'd0'],
      ['b2'],
    ]);
  });

  it(`closes the window before it would pass ${MAX_WINDOW_EVENTS} events; a bigger part stands alone`, () => {
    const events: [string, number][] = [];
    for (let s = 0; s < 5; s++) events.push(...run(`s${s}`, 0, 450)); // 5 x 450 = 2,250
    const windows = windowsOf(partsOf(events));
    expect(windows.map((w) => w.reduce((n, p) => n + p.events.length, 0))).toEqual([1800, 450]);

    const big = windowsOf([
      ...partsOf(run('x', 0, 10)),
      { ...partsOf(run('y', 0, 1))[0], events: new Array<NewEvent>(2500) },
    ]);
    expect(big.map((w) => w.map((p) => p.events.length))).toEqual([[10], [2500]]);
  });

  it('is deterministic: the same file always gives the same appends (what --continue relies on)', () => {
    const streams = ['a', 'b', 'c', 'd', 'e'];
    const next = new Map<string, number>();
    let seed = 7;
    const events: [string, number][] = [];
    for (let i = 0; i < 10_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const stream = streams[seed % streams.length];
      const revision = next.get(stream) ?? 0;
      next.set(stream, revision + 1);
      events.push([stream, revision]);
    }
    const cut = () => windowsOf(partsOf(events)).map((w) => summary(w));
    const first = cut();
    expect(cut()).toEqual(first);
    // Every event once, in file order.
    expect(first.flat().flatMap((p) => p.ids)).toEqual(events.map(([s, r]) => `${s}-${r}`));
    for (const window of first) {
      const names = window.map((p) => p.stream);
      expect(new Set(names).size).toBe(names.length);
      expect(window.reduce((n, p) => n + p.ids.length, 0)).toBeLessThanOrEqual(MAX_WINDOW_EVENTS);
    }
  });
});
