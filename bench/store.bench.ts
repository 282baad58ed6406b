/**
 * Event store benchmark (SQLite adapter): `npm run bench:store`
 * (builds, then runs `node --expose-gc dist/bench/store.bench.js`).
 *
 * Scenarios, each on the same fresh temporary DATA_DIR:
 *  a) one writer, one event per append, awaiting each append (latency-bound: one fsync each)
 *  b) 64 concurrent writers, one event per append each (group commit)
 *  c) reading one stream of 10,000 events
 *  d) writing 1,000,000 events with big multi-event appends, then replaying all of them
 *     through readAll with decoding, tracking the peak RSS during the replay
 *  e) re-opening the 1,000,000-event store (quick_check at open)
 */
import { randomUUID } from 'node:crypto';
import { uuidV7 } from '../src/platform/es/uuid-v7';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NewEvent } from '../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../src/platform/event-store/sqlite';

interface Row {
  scenario: string;
  events: number;
  seconds: number;
  peakRssMb?: number;
}

const SINGLE_WRITER_SECONDS = 3;
const CONCURRENT_WRITERS = 64;
const CONCURRENT_SECONDS = 5;
const STREAM_EVENTS = 10_000;
const REPLAY_EVENTS = 1_000_000;
const SETUP_APPEND_SIZE = 1_000;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-bench-'));
  const rows: Row[] = [];
  let sizeMb = 0;
  let store = await SqliteEventStore.open({ dataDir });
  try {
    rows.push(await singleWriter(store));
    rows.push(await concurrentWriters(store));
    rows.push(...(await streamRead(store)));
    rows.push(await bulkWrite(store));
    rows.push(await replay(store));
    await store.close();
    const opened = await timed(async () => {
      store = await SqliteEventStore.open({ dataDir });
    });
    rows.push({ scenario: 'e) open 1M-event store (quick_check)', events: REPLAY_EVENTS, seconds: opened });
    sizeMb = databaseMb(dataDir);
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  printTable(rows);
  console.log(`DATA_DIR size with ${REPLAY_EVENTS.toLocaleString('en-US')} events: ${sizeMb.toFixed(0)} MB`);
}

async function singleWriter(store: SqliteEventStore): Promise<Row> {
  const streamId = `single-${randomUUID()}`;
  let revision: number | 'no_stream' = 'no_stream';
  let events = 0;
  const seconds = await runFor(SINGLE_WRITER_SECONDS, async (until) => {
    while (Date.now() < until) {
      revision = (await store.append(streamId, [userEvent()], revision)).nextExpectedRevision;
      events++;
    }
  });
  return { scenario: 'a) 1 writer, 1 event/append, sequential', events, seconds };
}

async function concurrentWriters(store: SqliteEventStore): Promise<Row> {
  let events = 0;
  const seconds = await runFor(CONCURRENT_SECONDS, (until) =>
    Promise.all(
      Array.from({ length: CONCURRENT_WRITERS }, async () => {
        // Each writer updates many aggregates, like SCIM requests touching different users.
        const streams = Array.from({ length: 50 }, () => ({
          id: `user-${randomUUID()}`,
          revision: 'no_stream' as number | 'no_stream',
        }));
        for (let i = 0; Date.now() < until; i++) {
          const stream = streams[i % streams.length];
          stream.revision = (
            await store.append(stream.id, [userEvent()], stream.revision)
          ).nextExpectedRevision;
          events++;
        }
      }),
    ),
  );
  return { scenario: `b) ${CONCURRENT_WRITERS} writers, 1 event/append, concurrent`, events, seconds };
}

async function streamRead(store: SqliteEventStore): Promise<Row[]> {
  const streamId = `long-${randomUUID()}`;
  for (let written = 0; written < STREAM_EVENTS; written += SETUP_APPEND_SIZE) {
    await store.append(streamId, batchOf(SETUP_APPEND_SIZE), 'any');
  }
  const rows: Row[] = [];
  for (const direction of ['forwards', 'backwards'] as const) {
    let events = 0;
    const seconds = await timed(async () => {
      for await (const event of store.readStream(streamId, { direction })) {
        if (event.data.userName !== undefined) events++;
      }
    });
    rows.push({ scenario: `c) read 1 stream of 10,000 events, ${direction}`, events, seconds });
  }
  return rows;
}

async function bulkWrite(store: SqliteEventStore): Promise<Row> {
  const head = await store.headPosition();
  const already = head === null ? 0 : Number(head.commit);
  const toWrite = REPLAY_EVENTS - already;
  const seconds = await timed(async () => {
    let next = 0;
    // A few concurrent writers so batches of several big appends share one commit.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < toWrite) {
          const size = Math.min(SETUP_APPEND_SIZE, toWrite - next);
          next += size;
          await store.append(`bulk-${randomUUID()}`, batchOf(size), 'no_stream');
        }
      }),
    );
  });
  return {
    scenario: `d) set-up: write to 1M events (appends of ${SETUP_APPEND_SIZE})`,
    events: toWrite,
    seconds,
  };
}

async function replay(store: SqliteEventStore): Promise<Row> {
  global.gc?.();
  resetPeakRss();
  const sampler = sampleRss();
  let events = 0;
  let active = 0;
  const seconds = await timed(async () => {
    for await (const event of store.readAll()) {
      events++;
      // Touch the decoded data and metadata like a projection would.
      if (event.data.active === true && event.metadata.schemaVersion === 1) active++;
    }
  });
  const peakRssMb = Math.max(sampler.stop(), peakRssFromKernelMb());
  if (active === 0) throw new Error('replay decoded nothing');
  return { scenario: 'd) replay $all with decoding', events, seconds, peakRssMb };
}

// ------------------------------------------------------------------ events

const PAYLOAD_TEMPLATE = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Barbara Jensen' },
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  active: true,
};

/** A SCIM-like UserCreated event: about 300 bytes of data, 200 of metadata. */
/** Event ids as the application makes them: time-ordered UUIDs (src/platform/es/uuid-v7.ts). */
function userEvent(id: string = uuidV7()): NewEvent {
  return {
    id,
    type: 'UserCreated',
    data: { ...PAYLOAD_TEMPLATE, userName: `user-${id.slice(0, 8)}@example.com`, externalId: id },
    metadata: {
      schemaVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      actor: 'scim-token:tok-bench',
      timestamp: new Date().toISOString(),
    },
  };
}

function batchOf(size: number): NewEvent[] {
  return Array.from({ length: size }, () => userEvent());
}

// ------------------------------------------------------------------ measuring

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function runFor(seconds: number, work: (until: number) => Promise<unknown>): Promise<number> {
  return timed(() => work(Date.now() + seconds * 1000));
}

function sampleRss(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
    },
  };
}

/** Resets VmHWM (Linux: writing 5 to clear_refs) so it measures the replay only. */
function resetPeakRss(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux or not permitted: the 50 ms sampler still measures.
  }
}

function peakRssFromKernelMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function databaseMb(dataDir: string): number {
  return (
    fs.readdirSync(dataDir).reduce((sum, file) => sum + fs.statSync(path.join(dataDir, file)).size, 0) / 1e6
  );
}

function printTable(rows: Row[]): void {
  const header = ['scenario', 'events', 'seconds', 'events/s', 'peak RSS MB'];
  const lines = rows.map((row) => [
    row.scenario,
    row.events ? row.events.toLocaleString('en-US') : '',
    row.seconds ? row.seconds.toFixed(2) : '',
    row.seconds ? Math.round(row.events / row.seconds).toLocaleString('en-US') : '',
    row.peakRssMb === undefined ? '' : row.peakRssMb.toFixed(0),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) =>
    '| ' +
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ') +
    ' |';
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`);
  console.log(format(header));
  console.log(
    '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|',
  );
  for (const line of lines) console.log(format(line));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
