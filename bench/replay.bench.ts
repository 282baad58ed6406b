/**
 * Replay benchmark: `npm run bench:replay` (builds, then runs `node dist/bench/replay.bench.js`).
 *
 *  1. writes REPLAY_EVENTS (default 1,000,000) realistic events of many tenants straight through
 *     the EventStore port into a fresh DATA_DIR, with big multi-event appends;
 *  2. rebuilds the read model from position 0 with the real projections by running the replay
 *     tool (`dist/src/tools/replay.js`: the admin rebuild's code path) in a child process, whose
 *     peak RSS (VmHWM) is then the rebuild's alone;
 *  3. exports the log with readAll to an NDJSON file in another child, sampling its RSS.
 * REPLAY_CPU_PROF=1 writes a V8 CPU profile of the rebuild to bench-results/.
 * KEEP_DATA=1 keeps the DATA_DIR and prints where it is.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '../src/platform/event-store/sqlite';
import { Append, appendAll, tenantAppends } from './support/realistic-events';
import { swapIntoEmptyReadModel } from './support/swap-into-empty';
import {
  envInt,
  int,
  machine,
  printMachine,
  printTable,
  printTargets,
  progress,
  target,
  writeResults,
} from './support/report';

const run = promisify(execFile);

const TENANTS = 20;
// tenantAppends writes about 7.1 events per user (see its comment).
const EVENTS_PER_USER = 7.1;
const REBUILD_TARGET_EVENTS_PER_S = 100_000;
const REBUILD_TARGET_PEAK_MB = 300;
// "Flat": the export's RSS at the end is within this much of its RSS early on.
const EXPORT_FLAT_MARGIN_MB = 50;

interface ReplayJson {
  replay: {
    events: number;
    seconds: number;
    eventsPerSecond: number;
    cpuSeconds: number;
    peakRssMb: number;
    fileMb: number;
  };
}

interface ExportJson {
  events: number;
  seconds: number;
  bytes: number;
  peakRssMb: number;
  rssSamplesMb: number[];
}

async function main(): Promise<void> {
  const wanted = envInt('REPLAY_EVENTS', 1_000_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-bench-'));
  const resultsDir = path.resolve(__dirname, '../../bench-results');
  printMachine();
  try {
    const write = await writeLog(dataDir, wanted);
    progress(`rebuilding the read model from 0 (replay tool, child process)`);
    const rebuild = await rebuildReadModel(dataDir, resultsDir);
    progress(`timing the swap: copying the rebuilt tables into an empty live read model`);
    const swap = await swapIntoEmptyReadModel(
      path.join(dataDir, 'read-model.replay.db'),
      path.join(dataDir, 'read-model.swap-bench.db'),
    );
    progress(`exporting the log as NDJSON (child process)`);
    const exported = await exportLog(dataDir);
    report(write, rebuild, exported);
    console.log(
      `swap (one transaction on a worker thread's connection): ${int(swap.rows)} rows of ${swap.tables} tables in ${int(swap.ms)} ms; ` +
        `meanwhile the event loop answered ${int(swap.readsDuring)} reads of the live file, longest delay ${int(swap.maxEventLoopDelayMs)} ms`,
    );
    const file = writeResults('replay', { machine: machine(), write, rebuild, swap, exported });
    console.log(`results: ${file}`);
  } finally {
    if (process.env.KEEP_DATA === '1') console.log(`DATA_DIR kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function writeLog(dataDir: string, wanted: number): Promise<{ events: number; seconds: number }> {
  const usersPerTenant = Math.ceil(wanted / EVENTS_PER_USER / TENANTS);
  progress(`writing ~${int(wanted)} events (${TENANTS} tenants x ${int(usersPerTenant)} users)`);
  const store = await SqliteEventStore.open({ dataDir });
  const started = performance.now();
  try {
    const events = await appendAll(store, allTenants(usersPerTenant));
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
}

/**
 * As `npm run replay` runs the tool (package.json). The replay's live heap stays near 25 MB, but
 * V8 let its old generation grow to ~250 MB before collecting in about half the runs (peak RSS
 * 296-309 MB against 263-272 MB in the others, same build). A 192 MB ceiling makes it collect
 * sooner: peak 215-218 MB, same rate (four runs each). No larger young generation: the flag is
 * the whole process's, so it grows the bulk index thread's too (peak RSS 320-332 MB), and with
 * that thread it no longer makes the replay faster (session 14).
 */
const REPLAY_NODE_FLAGS = ['--max-old-space-size=192'];

function* allTenants(usersPerTenant: number): Generator<Append> {
  for (let t = 0; t < TENANTS; t++) yield* tenantAppends(`tenant-${t}`, usersPerTenant);
}

async function rebuildReadModel(dataDir: string, resultsDir: string): Promise<ReplayJson['replay']> {
  const profile = process.env.REPLAY_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : [];
  const tool = path.resolve(__dirname, '../src/tools/replay.js');
  const args = [...REPLAY_NODE_FLAGS, ...profile, tool, '--data-dir', dataDir, '--json'];
  const { stdout } = await run(process.execPath, args, {
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as ReplayJson).replay;
}

async function exportLog(dataDir: string): Promise<ExportJson> {
  const child = path.resolve(__dirname, 'support/export-ndjson.js');
  const { stdout } = await run(process.execPath, [child, dataDir, path.join(dataDir, 'events.ndjson')], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ExportJson;
}

function report(
  write: { events: number; seconds: number },
  rebuild: ReplayJson['replay'],
  exported: ExportJson,
): void {
  const samples = exported.rssSamplesMb;
  const early = samples[Math.min(samples.length - 1, Math.floor(samples.length / 10))] ?? 0;
  const late = samples[samples.length - 1] ?? 0;
  printTable(
    ['phase', 'events', 'seconds', 'events/s', 'peak RSS MB'],
    [
      [
        'write (EventStore.append, big appends)',
        int(write.events),
        write.seconds.toFixed(1),
        int(write.events / write.seconds),
        '-',
      ],
      [
        'rebuild read model from 0',
        int(rebuild.events),
        rebuild.seconds.toFixed(1),
        int(rebuild.eventsPerSecond),
        rebuild.peakRssMb.toFixed(0),
      ],
      [
        '  rebuild per CPU second (busy machine)',
        int(rebuild.events),
        rebuild.cpuSeconds.toFixed(1),
        int(rebuild.events / rebuild.cpuSeconds),
        '',
      ],
      [
        'export NDJSON (readAll)',
        int(exported.events),
        exported.seconds.toFixed(1),
        int(exported.events / exported.seconds),
        exported.peakRssMb.toFixed(0),
      ],
    ],
  );
  console.log(
    `read model file ${rebuild.fileMb.toFixed(0)} MB; NDJSON ${(exported.bytes / 1024 / 1024).toFixed(0)} MB; ` +
      `export RSS at 10%: ${early.toFixed(0)} MB, at the end: ${late.toFixed(0)} MB`,
  );
  printTargets([
    target('rebuild events/s', rebuild.eventsPerSecond, '>=', REBUILD_TARGET_EVENTS_PER_S, 0),
    target('rebuild peak RSS MB', rebuild.peakRssMb, '<=', REBUILD_TARGET_PEAK_MB, 0),
    target('export RSS growth MB (end - 10%)', late - early, '<=', EXPORT_FLAT_MARGIN_MB, 0),
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
