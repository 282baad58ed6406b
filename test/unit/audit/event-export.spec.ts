import { exportNdjson } from '../../../src/modules/audit/application/event-export';
import {
  EventStore,
  ReadAllOptions,
  RecordedEvent,
} from '../../../src/platform/event-store/event-store.port';
import { comparePositions } from '../../../src/platform/event-store/position';

/** Just enough of a store for readAll: counts the reads and the largest page asked for. */
function logOf(count: number, dataBytes = 10) {
  const events: RecordedEvent[] = Array.from({ length: count }, (_, i) => ({
    id: `e-${i + 1}`,
    streamId: `s-${i % 3}`,
    type: 'Happened',
    revision: Math.floor(i / 3),
    position: { commit: BigInt(i + 1), prepare: BigInt(i + 1) },
    data: { n: i + 1, pad: 'x'.repeat(dataBytes) },
    metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'admin', timestamp: 't' },
  }));
  const reads: ReadAllOptions[] = [];
  const store = {
    async *readAll(options: ReadAllOptions = {}) {
      reads.push(options);
      const after = options.after;
      const rest = events.filter((e) => !after || comparePositions(e.position, after) > 0);
      yield* rest.slice(0, options.maxCount ?? rest.length);
    },
  } as unknown as EventStore;
  return { store, reads };
}

async function collect(chunks: AsyncIterable<string>): Promise<{ chunks: string[]; lines: { n: number }[] }> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  const text = all.join('');
  const lines =
    text === ''
      ? []
      : text
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as { data: { n: number } }).data);
  return { chunks: all, lines };
}

describe('exportNdjson', () => {
  it('reads $all page by page and writes every event once, in order', async () => {
    const { store, reads } = logOf(25);
    const progress = { events: 0, last: null };
    const { lines } = await collect(exportNdjson(store, { pageSize: 10 }, progress));
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(reads.map((r) => r.maxCount)).toEqual([10, 10, 10]);
    expect(reads.map((r) => r.after?.commit)).toEqual([undefined, 10n, 20n]);
    expect(progress).toEqual({ events: 25, last: { commit: 25n, prepare: 25n } });
  });

  it('resumes strictly after a position and stops at a limit', async () => {
    const { store, reads } = logOf(25);
    const { lines } = await collect(
      exportNdjson(store, { after: { commit: 5n, prepare: 5n }, limit: 12, pageSize: 10 }),
    );
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: 12 }, (_, i) => i + 6));
    expect(reads.map((r) => r.maxCount)).toEqual([10, 2]);
  });

  it('joins lines into chunks of about 64 KiB', async () => {
    const { store } = logOf(300, 1000);
    const { chunks, lines } = await collect(exportNdjson(store));
    expect(lines).toHaveLength(300);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThan(64 * 1024 + 2000);
  });

  it('an empty log exports nothing', async () => {
    expect((await collect(exportNdjson(logOf(0).store))).chunks).toEqual([]);
  });
});
