import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NewEvent, RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { formatPosition } from '../../src/platform/event-store/position';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';

/** Built by `npm run build` (the `pretest` script). */
const DIST = path.resolve(__dirname, '../../dist/src/modules/audit/tools');
const IMPORT_CLI = path.join(DIST, 'events-import.js');
const EXPORT_CLI = path.join(DIST, 'events-export.js');

interface CliRun {
  code: number | null;
  stderr: string;
}

function runCli(cli: string, args: string[]): Promise<CliRun> {
  // The configured store is SQLite whatever the machine running the tests has set.
  const env = { ...process.env };
  delete env.EVENT_STORE;
  delete env.DATA_DIR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const importFile = (file: string, dataDir: string, ...more: string[]) =>
  runCli(IMPORT_CLI, ['--in', file, '--data-dir', dataDir, ...more]);

let sequence = 0;
function event(type: string, data: NewEvent['data'], schemaVersion = 1): NewEvent {
  sequence++;
  return {
    id: `evt-${sequence}-${Math.random().toString(36).slice(2)}`,
    type,
    data,
    metadata: {
      schemaVersion,
      correlationId: `req-${sequence}`,
      causationId: sequence % 2 ? null : `evt-${sequence - 1}`,
      actor: 'scim-token:test',
      timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, sequence)).toISOString(),
    },
  };
}

const changes = (user: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    event('UserProfileChanged', {
      userId: `u${user}`,
      profile: { title: `title ${i}`, nested: [1, { a: null }] },
    }),
  );

/** Several streams: multi-event appends, interleaved streams, an atomic append, an old schema version. */
async function seedFirst(store: SqliteEventStore): Promise<void> {
  await store.append('subscription-acme', [event('SubscriptionCreated', { name: 'acme' })], 'no_stream');
  for (let user = 0; user < 20; user++) {
    await store.appendAtomically([
      {
        streamId: `reservation-acme-userName-${user}`,
        events: [event('ReservationClaimed', { key: `u${user}` })],
        expected: 'no_stream',
      },
      {
        streamId: `user-acme_u${user}`,
        events: [event('UserProvisioned', { userId: `u${user}` })],
        expected: 'no_stream',
      },
    ]);
  }
  // Concurrent appends to distinct streams: interleaved in $all.
  await Promise.all(
    Array.from({ length: 20 }, (_, user) => store.append(`user-acme_u${user}`, changes(user, 3), 0)),
  );
  // ResourceCreated v1: the old shape, upcast on read, stored (and exported, imported) as it is.
  await store.append(
    'resource-acme_r1',
    [
      event(
        'ResourceCreated',
        { subscription: 'acme', resourceId: 'r1', type: 'dashboard', name: 'Sales', ownerId: 'u1', at: 't' },
        1,
      ),
    ],
    'no_stream',
  );
}

async function seedSecond(store: SqliteEventStore): Promise<void> {
  for (let user = 0; user < 20; user += 2) await store.append(`user-acme_u${user}`, changes(user, 2), 3);
  await store.append('subscription-acme', [event('ScimTokenIssued', { tokenId: 't1' })], 0);
  await store.append('user-acme_u99', [event('UserProvisioned', { userId: 'u99' })], 'no_stream');
}

/** The whole log: what is compared between source and target (positions are each store's own). */
async function readLog(dataDir: string): Promise<Omit<RecordedEvent, 'position'>[]> {
  const store = await SqliteEventStore.open({ dataDir });
  try {
    const events: Omit<RecordedEvent, 'position'>[] = [];
    // Field by field: a recorded event may read its data lazily.
    for await (const { id, streamId, revision, type, data, metadata } of store.readAll())
      events.push({ id, streamId, revision, type, data, metadata });
    return events;
  } finally {
    await store.close();
  }
}

const SUMMARY =
  /the file's (\d+) events are in the target: (\d+) written now, (\d+) already there; in [\d.]+ s \((\d+) events\/s\) into the SQLite event store in (\S+); source positions (\S+) to (\S+); peak RSS \d+ MB/;

describe('npm run events:import (CLI)', () => {
  let root: string;
  let source: string;
  let whole: string; // the whole log of source
  let first: string; // the log up to P
  let second: string; // the log after P (export --from P)
  let sourceLog: Omit<RecordedEvent, 'position'>[];
  let p: string;
  const dir = (name: string) => path.join(root, name);

  beforeAll(async () => {
    for (const cli of [IMPORT_CLI, EXPORT_CLI])
      if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
    source = dir('source');
    [whole, first, second] = ['whole', 'first', 'second'].map((name) => dir(`${name}.ndjson`));
    let store = await SqliteEventStore.open({ dataDir: source });
    await seedFirst(store);
    p = formatPosition((await store.headPosition())!);
    await store.close();
    expect((await runCli(EXPORT_CLI, ['--out', first, '--data-dir', source])).code).toBe(0);
    store = await SqliteEventStore.open({ dataDir: source });
    await seedSecond(store);
    await store.close();
    expect((await runCli(EXPORT_CLI, ['--out', whole, '--data-dir', source])).code).toBe(0);
    expect((await runCli(EXPORT_CLI, ['--out', second, '--from', p, '--data-dir', source])).code).toBe(0);
    sourceLog = await readLog(source);
  }, 60_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('prints its usage for --help, as the export does, and exits 0', () => {
    for (const cli of [IMPORT_CLI, EXPORT_CLI]) {
      const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
      expect(help.stdout).toMatch(/^usage: npm run events:(export|import) -- /);
      expect(help.status).toBe(0);
    }
  });

  it('restores an export into an empty directory: the same events, in the same order', async () => {
    const target = dir('restored/deeper'); // created if missing
    const run = await importFile(whole, target);
    expect(run).toMatchObject({ code: 0 });
    const [, events, , already, , into, from, to] = SUMMARY.exec(run.stderr) ?? [];
    expect({ events, already, into, from, to }).toEqual({
      events: String(sourceLog.length),
      already: '0',
      into: target,
      from: '1',
      to: String(sourceLog.length),
    });
    const restored = await readLog(target);
    expect(restored).toEqual(sourceLog);
    expect(restored.find((e) => e.type === 'ResourceCreated')?.metadata.schemaVersion).toBe(1);
    // Personal data and token hashes: the restored store is its user's only, as the server's is.
    for (const file of [target, path.join(target, 'events.db'), path.join(target, 'events.lock')])
      expect({ file, others: fs.statSync(file).mode & 0o077 }).toEqual({ file, others: 0 });
  });

  it('refuses to import again into a store that holds events; --continue re-appends nothing', async () => {
    const target = dir('again');
    expect((await importFile(whole, target)).code).toBe(0);

    const refused = await importFile(whole, target);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /the target already holds events \(up to position \d+\); nothing imported.*--continue/,
    );
    expect(await readLog(target)).toEqual(sourceLog);

    const resumed = await importFile(whole, target, '--continue');
    expect(resumed.code).toBe(0);
    const [, events, , already] = SUMMARY.exec(resumed.stderr) ?? [];
    expect({ events, already }).toEqual({
      events: String(sourceLog.length),
      already: String(sourceLog.length),
    });
    expect(await readLog(target)).toEqual(sourceLog);
  });

  it('imports an incremental series: the first export, then the next one with --continue', async () => {
    const target = dir('series');
    expect((await importFile(first, target)).code).toBe(0);
    const next = await importFile(second, target, '--continue');
    expect(next.code).toBe(0);
    expect(SUMMARY.exec(next.stderr)?.[6]).toBe(String(Number(p) + 1));
    expect(await readLog(target)).toEqual(sourceLog);
  });

  it('resumes an interrupted import: the events stored already are retries, the rest is appended', async () => {
    const target = dir('interrupted');
    expect((await importFile(first, target)).code).toBe(0); // as if stopped at P
    const resumed = await importFile(whole, target, '--continue');
    expect(resumed.code).toBe(0);
    const summary = SUMMARY.exec(resumed.stderr);
    expect([summary?.[1], summary?.[3]]).toEqual([String(sourceLog.length), p]);
    expect(await readLog(target)).toEqual(sourceLog);
  });

  it('refuses a corrupt line 3, naming it, before writing anything', async () => {
    const lines = fs.readFileSync(whole, 'utf8').split('\n');
    const corrupt = dir('corrupt.ndjson');
    fs.writeFileSync(corrupt, [...lines.slice(0, 2), lines[2].slice(0, 40), ...lines.slice(3)].join('\n'));
    const target = dir('corrupt');
    const run = await importFile(corrupt, target);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^events:import: line 3: not JSON \(a truncated or edited file\?\); nothing imported\n$/,
    );
    // Not even an empty store is left in the new directory.
    expect(fs.readdirSync(target)).toEqual([]);
    expect(await readLog(target)).toEqual([]);
  });

  it('refuses a log written by a newer build (an unknown type, a newer schema version), before writing anything', async () => {
    const lines = fs.readFileSync(whole, 'utf8').split('\n');
    const edit = (index: number, change: (line: Record<string, unknown>) => void) => {
      const copy = [...lines];
      const line = JSON.parse(copy[index]) as Record<string, unknown>;
      change(line);
      copy[index] = JSON.stringify(line);
      return copy.join('\n');
    };
    const newer = dir('newer.ndjson');
    fs.writeFileSync(
      newer,
      edit(1, (line) => ((line.metadata as { schemaVersion: number }).schemaVersion = 99)),
    );
    const run = await importFile(newer, dir('newer'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 2: \w+ version 99 is newer than this build reads \(\d+\)/);
    const unknown = dir('unknown.ndjson');
    fs.writeFileSync(
      unknown,
      edit(2, (line) => (line.type = 'UserTeleported')),
    );
    const other = await importFile(unknown, dir('unknown'));
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/line 3: event type UserTeleported is unknown to this build/);
    expect(fs.readdirSync(dir('newer'))).toEqual([]);
  });

  it('refuses, into an empty store, a file that starts in the middle of streams', async () => {
    const target = dir('mid-stream');
    const run = await importFile(second, target);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /line 1: stream user-acme_u0 starts at revision 4 and the target is empty: this file continues an earlier export; import that one first/,
    );
    expect(await readLog(target)).toEqual([]);
  });

  it('refuses, with --continue, the next export of a series into a target that lacks the one before', async () => {
    const target = dir('series-out-of-order');
    const store = await SqliteEventStore.open({ dataDir: target });
    await store.append('subscription-other', [event('SubscriptionCreated', { name: 'other' })], 'no_stream');
    await store.close();
    const run = await importFile(second, target, '--continue');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /line 1: stream user-acme_u0 continues at revision 4, but the target holds no such stream: this file continues an earlier export; import that one first; nothing imported/,
    );
    expect((await readLog(target)).map((e) => e.streamId)).toEqual(['subscription-other']);
  });

  it('stops with exit code 1 when the store refuses an append, naming the line, the stream and what was imported', async () => {
    const target = dir('other-events');
    const store = await SqliteEventStore.open({ dataDir: target });
    await store.append('user-acme_u5', [event('UserProvisioned', { userId: 'someone else' })], 'no_stream');
    await store.close();
    const run = await importFile(whole, target, '--continue');
    expect(run.code).toBe(1);
    const line =
      fs
        .readFileSync(whole, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"stream":"user-acme_u5"')) + 1;
    expect(run.stderr).toMatch(
      new RegExp(
        `line ${line}: the append to stream user-acme_u5 failed: stream user-acme_u5: expected revision no_stream, actual 0\\. ` +
          '\\d+ events were imported before it; none after\\. Into the SQLite event store in .*; once fixed, re-run with --continue\\.',
      ),
    );
  });

  it('refuses, clearly, a store held by another process (a running server)', async () => {
    const target = dir('locked');
    const held = await SqliteEventStore.open({ dataDir: target });
    try {
      const run = await importFile(whole, target);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /the event store in .* is locked by another process \(a running server\?\)\. Stop it first/,
      );
    } finally {
      await held.close();
    }
    expect(await readLog(target)).toEqual([]);
  });

  it('refuses a missing file and bad arguments with exit code 2', async () => {
    const missing = await importFile(dir('nothing.ndjson'), dir('never'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nothing\.ndjson/);
    expect(fs.existsSync(dir('never'))).toBe(false);
    const bad = await runCli(IMPORT_CLI, ['--out', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown argument --out\nusage: npm run events:import/);
  });
});
