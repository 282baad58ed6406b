import { expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventStoreUnavailableError } from '../../src/platform/event-store/event-store.errors';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { comparePositions } from '../../src/platform/event-store/position';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';

/** Built by `npm run build` (the `pretest` script). */
const APPEND_BURST = path.resolve(__dirname, '../../dist/test/support/processes/append-burst.js');
const ACKS_BEFORE_KILL = 400;

/**
 * SIGKILLs a process in the middle of a burst of concurrent appends and checks the durability
 * promise: every acknowledged append is stored, no append is partially stored, $all stays ordered.
 */
describe('SqliteEventStore crash (SIGKILL mid-burst)', () => {
  let dataDir: string;

  beforeAll(() => {
    if (!fs.existsSync(APPEND_BURST)) throw new Error(`${APPEND_BURST} is missing: run npm run build first`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-crash-'));
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged append, whole, across two crashes', async () => {
    const acknowledged: string[][] = [];
    // The second burst starts on the files the first crash left behind (WAL recovery).
    for (let round = 0; round < 2; round++) {
      acknowledged.push(...(await burstUntilKilled(dataDir, ACKS_BEFORE_KILL)));
    }

    const store = await SqliteEventStore.open({ dataDir });
    try {
      // The lock file tells the restart (and its log) that the last run was cut short.
      expect(store.previousRun).toEqual({ startedAt: expect.any(String), stoppedCleanly: false });
      const stored: RecordedEvent[] = [];
      for await (const event of store.readAll()) stored.push(event);

      expectPositionsStrictlyIncreasing(stored);
      expectAcknowledgedPresent(stored, acknowledged);
      expectAppendsWhole(stored);
      expectStreamsWithoutHoles(stored);
    } finally {
      await store.close();
    }
  });

  it('a killed process releases DATA_DIR at once', async () => {
    const child = spawn(process.execPath, [APPEND_BURST, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      // The child holds the lock: this (other) process is refused...
      const error = await SqliteEventStore.open({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toMatch(/already in use by another process/);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // ...and admitted as soon as the kernel dropped the dead child's lock.
    const store = await SqliteEventStore.open({ dataDir });
    await store.close();
  });
});

/** Runs append-burst, SIGKILLs it after `acks` acknowledgements, returns every acknowledged append. */
async function burstUntilKilled(dataDir: string, acks: number): Promise<string[][]> {
  const child = spawn(process.execPath, [APPEND_BURST, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const appends: string[][] = [];
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('ack ')) appends.push(line.slice(4).split(' '));
    }
    if (appends.length >= acks && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  // 'close': the process is gone and stdout is drained, so lines printed just before death count too.
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('close', (c: number | null, s: NodeJS.Signals | null) => resolve([c, s])),
  );
  if (signal !== 'SIGKILL') throw new Error(`append-burst ended by itself (code ${code}): ${stderr}`);
  expect(appends.length).toBeGreaterThanOrEqual(acks);
  return appends;
}

function expectPositionsStrictlyIncreasing(stored: RecordedEvent[]): void {
  for (let i = 1; i < stored.length; i++) {
    if (comparePositions(stored[i].position, stored[i - 1].position) <= 0) {
      throw new Error(`position ${stored[i].position.commit} follows ${stored[i - 1].position.commit}`);
    }
  }
}

function expectAcknowledgedPresent(stored: RecordedEvent[], acknowledged: string[][]): void {
  const ids = new Set(stored.map((event) => event.id));
  const missing = acknowledged.flat().filter((id) => !ids.has(id));
  expect(missing).toEqual([]);
  expect(stored.length).toBeGreaterThanOrEqual(acknowledged.flat().length);
}

/** Ids are `<run>.<append>.<size>.<index>`: each append is all there, in order, contiguous. */
function expectAppendsWhole(stored: RecordedEvent[]): void {
  const byAppend = new Map<string, RecordedEvent[]>();
  for (const event of stored) {
    const [run, seq] = event.id.split('.');
    const key = `${run}.${seq}`;
    byAppend.set(key, [...(byAppend.get(key) ?? []), event]);
  }
  const broken: string[] = [];
  for (const [key, events] of byAppend) {
    const size = Number(events[0].id.split('.')[2]);
    const whole =
      events.length === size &&
      events.every(
        (event, index) =>
          event.id === `${key}.${size}.${index}` &&
          event.streamId === events[0].streamId &&
          event.revision === events[0].revision + index,
      );
    if (!whole) broken.push(`${key}: ${events.length} of ${size} events`);
  }
  expect(broken).toEqual([]);
}

function expectStreamsWithoutHoles(stored: RecordedEvent[]): void {
  const nextRevision = new Map<string, number>();
  const holes: string[] = [];
  for (const event of stored) {
    const expected = nextRevision.get(event.streamId) ?? 0;
    if (event.revision !== expected)
      holes.push(`${event.streamId}: revision ${event.revision}, expected ${expected}`);
    nextRevision.set(event.streamId, event.revision + 1);
  }
  expect(holes).toEqual([]);
}
