/**
 * SCIM API benchmark: `npm run bench:scim` (builds, then runs `node dist/bench/scim.bench.js`).
 *
 * The real service runs as a child process (node dist/src/main.js, fresh temporary DATA_DIR) so
 * the load generator (autocannon, in this process) does not share its event loop. A second child,
 * a bare node:http server answering the service's own captured answers, is the machine's ceiling.
 * Every scenario alternates BENCH_ROUNDS times between the ceiling and the service, with the same
 * requests, so both see the same machine conditions; the result is the median of the rounds'
 * ratios (one round's ratio moved by 30% between runs on this 2-core machine), reported with
 * that round's figures, except p99, the worst round's.
 *
 * Scenarios (64 connections, BENCH_DURATION s each after a 2 s warm-up):
 *  a) GET /Users/{id}, rotating over the seeded users
 *  b) GET /Users?filter=userName eq "<existing>", rotating
 *  c) POST /Users, a new userName each time (answered once durable and in the read model)
 *  d) PATCH /Users/{id} with 3 Replace ops, rotating over the users
 * Then c) once more with 1 connection, the service alone: one provisioning job sending its creates
 * one after the other, where each POST's own durable commit is the latency (no target).
 * Then the subscription grows to BENCH_USERS users (POST /Users: the service's own API, never
 * the database) and a) and b) run again, over the base phase's users, then over all users in a
 * shuffled order, with the service's RSS read from /proc.
 * Besides req/s and latency, each run reports the server's CPU time per request (/proc/<pid>/stat):
 * on a busy machine it moves far less than req/s, so it shows where the cost is and whether it
 * grows with the number of users; by thread too (/proc/<pid>/task), and the size of every file in
 * DATA_DIR after each scenario, so that a cost that grows shows where it comes from.
 *
 * Environment: BENCH_USERS (default 100000), BENCH_DURATION seconds per round (default 5),
 * BENCH_ROUNDS (default 3),
 * BENCH_CPU_PROF=<dir> to profile the service (node --cpu-prof, written when it stops).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeChild } from './support/child-process';
import { Capture, startCeilingServer } from './support/ceiling-server';
import { expectStatus, request } from './support/http-json';
import { LoadResult, NextRequest, runLoad } from './support/load';
import { ProcessMemory, processMemory, resetPeak } from './support/process-stats';
import {
  Target,
  envInt,
  int,
  machine,
  ms,
  printMachine,
  printTable,
  printTargets,
  progress,
  target,
  writeResults,
} from './support/report';
import { ScimServer, startScimServer } from './support/scim-server';
import {
  SeededUser,
  entraUser,
  listUsers,
  seedUsers,
  threeReplaceOps,
  userNameOf,
} from './support/scim-users';
import { Tenant, createTenant } from './support/tenant';

const CONNECTIONS = 64;
const WARMUP_SECONDS = 2;
const BASE_USERS = 1_000;
const SEED_CONCURRENCY = 64;

const TARGETS = {
  ratio: { get: 0.45, filter: 0.4, post: 0.15, patch: 0.15 },
  p99Ms: 50,
  /** "Holds with the user count": the ratio at BENCH_USERS keeps 85% of the ratio at 1,000 (noise margin). */
  scaleKeeps: 0.85,
  /** Same, by server CPU per request (less sensitive to the ceiling's swings): at most 20% more. */
  scaleCpuGrowth: 1.2,
  rssMb: 300,
};

type ScenarioKey = keyof typeof TARGETS.ratio;

interface Scenario {
  key: ScenarioKey;
  title: string;
  method: 'GET' | 'POST' | 'PATCH';
  next: NextRequest;
}

/**
 * base: right after seeding 1,000 users. After growing to BENCH_USERS: scale, the same 1,000 users
 * (the same requests, so what the larger tables and indexes cost); all, every user in a shuffled
 * order (what a provisioning cycle reads: data far larger than any cache).
 */
type Phase = 'base' | 'scale' | 'all';

interface Row {
  scenario: string;
  key: ScenarioKey;
  phase: Phase;
  /** Users in the subscription when the scenario started (POST adds some). */
  users: number;
  service: LoadResult;
  ceiling: LoadResult;
  ratio: number;
  /** Each round's ratio, in the order run. */
  roundRatios: number[];
  /** Each round's p99 of the service, in the order run. */
  roundP99Ms: number[];
  /** Each round's server CPU ms per request, in the order run. */
  roundCpuMsPerRequest: number[];
  /** The size of each file in DATA_DIR after the rounds (the WALs show whether checkpoints keep up). */
  dataFilesMb: Record<string, number>;
}

interface Memory {
  afterSeedingMb: ProcessMemory;
  /** VmHWM reset before the measurements at scale: the peak while serving them. */
  whileMeasuringAtScale: ProcessMemory;
}

async function main(): Promise<void> {
  const totalUsers = envInt('BENCH_USERS', 100_000);
  const seconds = envInt('BENCH_DURATION', 5);
  const rounds = envInt('BENCH_ROUNDS', 3);
  const baseUsers = Math.min(BASE_USERS, totalUsers);
  printMachine();
  const startMachine = machine();
  const server = await startScimServer();
  let ceiling: NodeChild | undefined;
  try {
    const tenant = await createTenant(server);
    progress(`seeding ${baseUsers} users`);
    const seeded = await seedUsers(tenant, { prefix: 'seed', from: 0, count: baseUsers, concurrency: 32 });
    ceiling = await startCeilingServer(await capture(tenant, seeded[0]));
    const measure = (scenario: Scenario, phase: Phase) =>
      compare(scenario, phase, { server, ceiling: ceiling!, tenant, seconds, rounds });

    const rows: Row[] = [];
    for (const scenario of scenarios(tenant, seeded)) rows.push(await measure(scenario, 'base'));
    const sequentialPost = await measureSequentialPost(server, tenant, seeded, seconds);

    // Scale: the users created by POST count too; grow to BENCH_USERS with the same POST.
    const present = await userCount(tenant);
    const more = Math.max(0, totalUsers - present);
    progress(`growing the subscription from ${int(present)} to ${int(present + more)} users`);
    await seedUsers(tenant, { prefix: 'seed', from: baseUsers, count: more, concurrency: SEED_CONCURRENCY });
    const afterSeedingMb = processMemory(server.pid);
    const all = shuffled(await listUsers(tenant));
    progress(`listed ${int(all.length)} users`);
    resetPeak(server.pid);
    const atScale = all.length;
    const reads = (users: SeededUser[]) =>
      scenarios(tenant, users).filter((s) => s.key === 'get' || s.key === 'filter');
    for (const scenario of reads(seeded))
      rows.push(await measure({ ...scenario, title: `${scenario.title} (base users)` }, 'scale'));
    for (const scenario of reads(all))
      rows.push(await measure({ ...scenario, title: `${scenario.title} (all users)` }, 'all'));
    const memory: Memory = { afterSeedingMb, whileMeasuringAtScale: processMemory(server.pid) };

    printRows(rows, memory);
    console.log(
      `POST /Users with 1 connection (one job's creates in turn): ${int(sequentialPost.rps)} req/s, ` +
        `${ms(1000 / sequentialPost.rps)} ms each on average, p99 ${sequentialPost.p99Ms} ms, ` +
        `server CPU ${sequentialPost.cpuMsPerRequest.toFixed(3)} ms/req, ${sequentialPost.non2xx + sequentialPost.errors} failed`,
    );
    const targets = evaluate(rows, memory, atScale);
    printTargets(targets);
    const file = writeResults('scim', {
      date: new Date().toISOString(),
      machine: startMachine,
      parameters: {
        totalUsers: atScale,
        baseUsers,
        seconds,
        rounds,
        warmupSeconds: WARMUP_SECONDS,
        connections: CONNECTIONS,
      },
      rows,
      sequentialPost,
      memory,
      targets,
    });
    console.log(`results: ${file}`);
  } finally {
    await ceiling?.stop();
    await server.stop();
  }
}

/** The four request shapes; each call of `next` gives the next request (ids and names rotate). */
function scenarios(tenant: Tenant, users: SeededUser[]): Scenario[] {
  const path = new URL(tenant.baseUrl).pathname;
  const rotate = <T>(items: T[]) => {
    let i = 0;
    return () => items[i++ % items.length];
  };
  const nextUser = rotate(users);
  const nextName = rotate(users.map((u) => u.userName));
  const nextPatched = rotate(users);
  let created = 0;
  let patched = 0;
  const runId = Date.now().toString(36);
  return [
    {
      key: 'get',
      title: 'GET /Users/{id}',
      method: 'GET',
      next: () => ({ path: `${path}/Users/${nextUser().id}` }),
    },
    {
      key: 'filter',
      title: 'GET /Users?filter=userName eq',
      method: 'GET',
      next: () => ({ path: `${path}/Users?filter=${encodeURIComponent(`userName eq "${nextName()}"`)}` }),
    },
    {
      key: 'post',
      title: 'POST /Users',
      method: 'POST',
      next: () => ({
        path: `${path}/Users`,
        body: JSON.stringify(entraUser(userNameOf(`post-${runId}`, created++))),
      }),
    },
    {
      key: 'patch',
      title: 'PATCH /Users/{id} (3 Replace ops)',
      method: 'PATCH',
      next: () => ({
        path: `${path}/Users/${nextPatched().id}`,
        body: JSON.stringify(threeReplaceOps(++patched)),
      }),
    },
  ];
}

/** One answer of each kind from the service: what the ceiling replays byte for byte. */
async function capture(tenant: Tenant, user: SeededUser): Promise<Capture[]> {
  const path = new URL(tenant.baseUrl).pathname;
  const origin = new URL(tenant.baseUrl).origin;
  const calls: { method: string; url: string; body?: unknown; status: number }[] = [
    { method: 'GET', url: `${path}/Users/${user.id}`, status: 200 },
    {
      method: 'GET',
      url: `${path}/Users?filter=${encodeURIComponent(`userName eq "${user.userName}"`)}`,
      status: 200,
    },
    { method: 'POST', url: `${path}/Users`, body: entraUser(userNameOf('capture', 0)), status: 201 },
    { method: 'PATCH', url: `${path}/Users/${user.id}`, body: threeReplaceOps(0), status: 200 },
  ];
  const captures: Capture[] = [];
  for (const call of calls) {
    const response = await request(`${origin}${call.url}`, call.method, {
      headers: tenant.headers,
      body: call.body,
    });
    captures.push({
      method: call.method,
      path: call.url,
      response: expectStatus(response, call.status, `${call.method} ${call.url}`),
    });
  }
  return captures;
}

/** POST /Users at 1 connection, the service alone: the latency of one create. */
async function measureSequentialPost(
  server: ScimServer,
  tenant: Tenant,
  users: SeededUser[],
  seconds: number,
): Promise<LoadResult> {
  const post = scenarios(tenant, users).find((s) => s.key === 'post')!;
  progress(`POST /Users with 1 connection, the service alone (${seconds} s)`);
  return runLoad({
    target: server.baseUrl,
    pid: server.pid,
    method: 'POST',
    headers: { ...tenant.headers, 'content-type': 'application/scim+json' },
    next: post.next,
    connections: 1,
    seconds,
    warmupSeconds: WARMUP_SECONDS,
  });
}

/** Ceiling first, then the service right after: same requests, same machine conditions. */
async function compare(
  scenario: Scenario,
  phase: Phase,
  context: { server: ScimServer; ceiling: NodeChild; tenant: Tenant; seconds: number; rounds: number },
): Promise<Row> {
  const run = (server: NodeChild) =>
    runLoad({
      target: server.baseUrl,
      pid: server.pid,
      method: scenario.method,
      headers:
        scenario.method === 'GET'
          ? context.tenant.headers
          : { ...context.tenant.headers, 'content-type': 'application/scim+json' },
      next: scenario.next,
      connections: CONNECTIONS,
      seconds: context.seconds,
      warmupSeconds: WARMUP_SECONDS,
    });
  const users = await userCount(context.tenant);
  progress(
    `${scenario.title} with ${int(users)} users: ${context.rounds} rounds of ceiling, then service (${context.seconds} s each)`,
  );
  const measured: { ceiling: LoadResult; service: LoadResult; ratio: number }[] = [];
  for (let round = 0; round < context.rounds; round++) {
    const ceiling = await run(context.ceiling);
    const service = await run(context.server);
    measured.push({ ceiling, service, ratio: service.rps / ceiling.rps });
  }
  const median = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor((measured.length - 1) / 2)];
  const worstP99 = Math.max(...measured.map((m) => m.service.p99Ms));
  // Any failed request in any round shows.
  const non2xx = measured.reduce((sum, m) => sum + m.service.non2xx, 0);
  const errors = measured.reduce((sum, m) => sum + m.service.errors, 0);
  return {
    scenario: scenario.title,
    key: scenario.key,
    phase,
    users,
    service: { ...median.service, p99Ms: worstP99, non2xx, errors },
    ceiling: median.ceiling,
    ratio: median.ratio,
    roundRatios: measured.map((m) => m.ratio),
    roundP99Ms: measured.map((m) => m.service.p99Ms),
    roundCpuMsPerRequest: measured.map((m) => Number(m.service.cpuMsPerRequest.toFixed(4))),
    dataFilesMb: dataFilesMb(context.server.dataDir),
  };
}

function dataFilesMb(dataDir: string): Record<string, number> {
  const files: Record<string, number> = {};
  for (const name of fs.readdirSync(dataDir).sort()) {
    const stat = fs.statSync(path.join(dataDir, name));
    if (stat.isFile()) files[name] = Number((stat.size / 2 ** 20).toFixed(1));
  }
  return files;
}

async function userCount(tenant: Tenant): Promise<number> {
  const response = expectStatus(
    await request(`${tenant.baseUrl}/Users?count=0`, 'GET', { headers: tenant.headers }),
    200,
    'count users',
  );
  return (response.body as { totalResults: number }).totalResults;
}

/** A fixed-seed shuffle: rotation at scale hits the index all over, not in creation order. */
function shuffled<T>(items: T[]): T[] {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function evaluate(rows: Row[], memory: Memory, atScale: number): Target[] {
  const targets: Target[] = [];
  const base = (key: ScenarioKey) => rows.find((r) => r.key === key && r.phase === 'base')!;
  for (const row of rows) {
    const at = `${row.scenario}, ${int(row.users)} users`;
    targets.push(target(`${at}: ratio to ceiling`, row.ratio, '>=', TARGETS.ratio[row.key]));
    targets.push(target(`${at}: p99 ms`, row.service.p99Ms, '<=', TARGETS.p99Ms, 0));
    targets.push(target(`${at}: non-2xx + errors`, row.service.non2xx + row.service.errors, '<=', 0, 0));
  }
  // The same requests at scale as at 1,000 users: neither the ratio nor the CPU per request may
  // move beyond the noise. Over all users the ratio targets above apply; what the reads of data
  // beyond the caches cost is shown (printRows), not held to the 1,000 users' figure.
  for (const row of rows.filter((r) => r.phase === 'scale')) {
    const { ratio, service, users } = base(row.key);
    const versus = `at ${int(row.users)} / at ${int(users)} users`;
    targets.push(target(`${row.scenario}: ratio ${versus}`, row.ratio / ratio, '>=', TARGETS.scaleKeeps));
    targets.push(
      target(
        `${row.scenario}: CPU ms/req ${versus}`,
        row.service.cpuMsPerRequest / service.cpuMsPerRequest,
        '<=',
        TARGETS.scaleCpuGrowth,
      ),
    );
  }
  const serving = Math.max(memory.whileMeasuringAtScale.rssMb, memory.whileMeasuringAtScale.peakMb);
  targets.push(target(`service RSS (MB) serving ${int(atScale)} users`, serving, '<=', TARGETS.rssMb, 0));
  // Informative as well: the peak while users were being created (64 POSTs in flight).
  const writing = Math.max(memory.afterSeedingMb.rssMb, memory.afterSeedingMb.peakMb);
  targets.push(target(`service peak RSS (MB) while creating users`, writing, '<=', TARGETS.rssMb, 0));
  return targets;
}

function printRows(rows: Row[], memory: Memory): void {
  printTable(
    [
      'scenario',
      'users',
      'req/s',
      'ceiling req/s',
      'ratio',
      'rounds',
      'p50 ms',
      'p99 ms',
      'rounds p99',
      'ceiling p99 ms',
      'non-2xx',
      'errors',
      'CPU ms/req',
      'ceiling CPU ms/req',
      'KB written/req',
      'KB read/req',
    ],
    rows.map((row) => [
      row.scenario,
      int(row.users),
      int(row.service.rps),
      int(row.ceiling.rps),
      row.ratio.toFixed(2),
      row.roundRatios.map((r) => r.toFixed(2)).join(' '),
      ms(row.service.p50Ms),
      ms(row.service.p99Ms),
      row.roundP99Ms.map(ms).join(' '),
      ms(row.ceiling.p99Ms),
      int(row.service.non2xx),
      int(row.service.errors),
      row.service.cpuMsPerRequest.toFixed(3),
      row.ceiling.cpuMsPerRequest.toFixed(3),
      row.service.writtenKbPerRequest.toFixed(1),
      row.service.readKbPerRequest.toFixed(1),
    ]),
  );
  console.log(
    "ratio: the median round's (its req/s, p50 and CPU figures shown); rounds: each round's ratio; p99 ms: the worst round's",
  );
  console.log(
    'CPU ms/req: server CPU time (user + system) per request; the ceiling over the service is the ratio to expect when both are CPU-bound',
  );
  console.log(
    "KB written/read per req: bytes of the server's write and read calls per request (/proc/<pid>/io)",
  );
  console.log(
    'server CPU ms/req by thread (median round; main is the event loop, thread N the Nth started):',
  );
  for (const row of rows) {
    const threads = Object.entries(row.service.threadCpuMsPerRequest)
      .map(([thread, cpu]) => `${thread} ${cpu.toFixed(4)}`)
      .join(', ');
    console.log(`  ${row.scenario}, ${int(row.users)} users: ${threads}`);
  }
  for (const row of rows.filter((r) => r.phase === 'all')) {
    const base = rows.find((r) => r.key === row.key && r.phase === 'base')!;
    const growth = row.service.cpuMsPerRequest / base.service.cpuMsPerRequest;
    console.log(`${row.scenario}: CPU ms/req x${growth.toFixed(2)} of the base phase's (no target)`);
  }
  const mb = (m: ProcessMemory) => `RSS ${m.rssMb.toFixed(0)} MB, peak ${m.peakMb.toFixed(0)} MB`;
  console.log(`service memory after seeding: ${mb(memory.afterSeedingMb)} (peak since start)`);
  console.log(
    `service memory while measuring at scale: ${mb(memory.whileMeasuringAtScale)} (peak since seeding)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
