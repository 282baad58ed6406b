import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { NewEvent } from '../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';

/** Built by `npm run build` (the `pretest` script). */
const CLI = path.resolve(__dirname, '../../dist/src/modules/audit/tools/events-export.js');
const EVENTS = 200_000;
const STREAMS = 2_000;
/**
 * The export runs with a 48 MB old generation: holding it (about 120 MB of JSON, several times
 * that as objects) would end in an out-of-memory crash, whatever the machine's load, while a
 * stream needs a few MB. RSS (native memory too) is checked with a margin: on a loaded machine
 * garbage collection lags and a streaming export was seen at 189 MB.
 */
const HEAP_LIMIT_MB = 48;
const MAX_RSS_MB = 250;

interface CliRun {
  code: number | null;
  stderr: string;
  /** Highest VmRSS seen while polling /proc (0 where /proc is missing). */
  polledPeakMb: number;
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, CLI, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let polledPeakMb = 0;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const poll = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        polledPeakMb = Math.max(polledPeakMb, kb / 1024);
      } catch {
        // Gone already, or no /proc on this system.
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, polledPeakMb });
    });
  });
}

/** Realistic size: an Entra user profile is a few hundred bytes of JSON. */
function event(stream: number, revision: number): NewEvent {
  return {
    id: `${stream}-${revision}-${Math.random().toString(36).slice(2)}`,
    type: 'UserProfileChanged',
    data: {
      subscription: 'bench',
      userId: `user-${stream}`,
      profile: {
        userName: `user-${stream}@contoso.test`,
        displayName: `User ${stream} revision ${revision}`,
        title: 'Senior Engineer, Tour Operations',
        emails: [{ value: `user-${stream}@contoso.test`, type: 'work', primary: true }],
        name: { givenName: `Given${stream}`, familyName: `Family${revision}` },
        enterprise: { employeeNumber: String(100000 + stream), department: 'Tour Operations' },
      },
      at: '2025-01-01T00:00:00.000Z',
    },
    metadata: {
      schemaVersion: 1,
      correlationId: `req-${stream}-${revision}`,
      causationId: null,
      actor: 'scim-token:bench',
      timestamp: '2025-01-01T00:00:00.000Z',
    },
  };
}

async function seed(dataDir: string): Promise<void> {
  const store = await SqliteEventStore.open({ dataDir });
  const perStream = EVENTS / STREAMS;
  // 200 streams per wave: group commit writes each wave in a few transactions.
  for (let first = 0; first < STREAMS; first += 200) {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.append(
          `user-bench_${first + i}`,
          Array.from({ length: perStream }, (__, r) => event(first + i, r)),
          'no_stream',
        ),
      ),
    );
  }
  await store.close();
}

/** Streams the file: every line parses, positions follow each other; never holds the file whole. */
async function checkFile(file: string, firstPosition: number) {
  let count = 0;
  let outOfOrder = 0;
  let last = '';
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    const parsed = JSON.parse(line) as { position: string };
    if (Number(parsed.position) !== firstPosition + count) outOfOrder++;
    count++;
    last = parsed.position;
  }
  return { count, last, outOfOrder };
}

describe('npm run events:export (CLI) on 200,000 events', () => {
  let dataDir: string;
  let outDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-cli-'));
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-out-'));
    await seed(dataDir);
  }, 60_000);

  afterAll(() => {
    for (const dir of [dataDir, outDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports every event with flat memory and says how fast', async () => {
    const out = path.join(outDir, 'all.ndjson');
    const run = await runCli(['--out', out, '--data-dir', dataDir]);
    expect(run).toMatchObject({ code: 0 });
    const summary =
      /exported (\d+) events in [\d.]+ s \((\d+) events\/s\), peak RSS (\d+) MB; last position (\d+)/.exec(
        run.stderr,
      );
    expect(summary).not.toBeNull();
    const [, count, rate, peakMb, last] = summary!.map(Number);
    expect({ count, last }).toEqual({ count: EVENTS, last: EVENTS });
    expect(rate).toBeGreaterThan(0);
    // ru_maxrss as the CLI reports it, and VmRSS polled from outside.
    expect(peakMb).toBeLessThan(MAX_RSS_MB);
    expect(run.polledPeakMb).toBeLessThan(MAX_RSS_MB);
    expect(fs.statSync(out).size).toBeGreaterThan(EVENTS * 400);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    expect(await checkFile(out, 1)).toEqual({ count: EVENTS, last: String(EVENTS), outOfOrder: 0 });
  }, 60_000);

  it('resumes after a position', async () => {
    const out = path.join(outDir, 'tail.ndjson');
    const run = await runCli(['--out', out, '--data-dir', dataDir, '--from', String(EVENTS - 10)]);
    expect(run.code).toBe(0);
    expect(await checkFile(out, EVENTS - 9)).toEqual({ count: 10, last: String(EVENTS), outOfOrder: 0 });
  });

  it('refuses, clearly, a store held by another process (a running server)', async () => {
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.resolve(__dirname, '../../dist/src/platform/event-store/sqlite'))})` +
          // Kept referenced: a store that is garbage collected closes its files (and the lock).
          `.SqliteEventStore.open(${JSON.stringify(dataDir)}).then((s) => { globalThis.held = s; console.log('held'); });` +
          'setInterval(() => undefined, 1000);',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      const run = await runCli(['--out', path.join(outDir, 'locked.ndjson'), '--data-dir', dataDir]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/locked by another process \(a running server\?\)/);
      expect(fs.existsSync(path.join(outDir, 'locked.ndjson'))).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('refuses a directory without an event store instead of creating one', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'export-none-'));
    try {
      const run = await runCli(['--out', path.join(outDir, 'none.ndjson'), '--data-dir', empty]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no event store in/);
      expect(fs.readdirSync(empty)).toEqual([]);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
