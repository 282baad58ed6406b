/**
 * Group membership benchmark: `npm run bench:groups` (builds, then runs
 * `node dist/bench/groups.bench.js`).
 *
 * The real service runs as a child process (node dist/src/main.js, fresh temporary DATA_DIR).
 * BENCH_USERS users are created through POST /Users. For each existing group size in
 * [0, 10,000, 50,000] (capped at BENCH_USERS - 1,000) a group is created and filled to that size
 * with PATCH Add of 1,000 members per request. Then the latency of ONE PATCH adding 1, 100 and
 * 1,000 members that are not in the group yet is measured BENCH_REPEATS times (after one untimed
 * warm-up round), round-robin over the groups so every size sees the same machine conditions.
 * After each timed PATCH the same members are removed again (untimed): every measurement sees
 * the same existing size and adds members the group does not have. The PATCH is answered 204
 * once the change is durable and in the read model. Per PATCH the server's CPU time and bytes
 * written are read from /proc as well: they explain a latency that grows with the size.
 *
 * Environment: BENCH_USERS (default 52000), BENCH_REPEATS (default 10),
 * BENCH_CPU_PROF=<dir> to profile the service (node --cpu-prof, written when it stops).
 */
import * as http from 'node:http';
import { expectStatus, request } from './support/http-json';
import { ProcessMemory, processCpuSeconds, processIoBytes, processMemory } from './support/process-stats';
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
import { startScimServer } from './support/scim-server';
import { PATCH_OP_SCHEMA, SeededUser, seedUsers } from './support/scim-users';
import { Tenant, createTenant } from './support/tenant';

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const EXISTING_SIZES = [0, 10_000, 50_000];
const ADDED = [1, 100, 1_000];
/** What Entra sends per PATCH at most, and the fill step. */
const FILL_STEP = 1_000;
const SEED_CONCURRENCY = 64;

const TARGETS = {
  add1000Ms: 200,
  /** Latency at the largest existing size over the latency at 0. */
  growth: 1.5,
};

interface Sample {
  ms: number;
  cpuMs: number;
  writtenBytes: number;
}

interface Measured {
  existing: number;
  added: number;
  samplesMs: number[];
  medianMs: number;
  p90Ms: number;
  /** Mean server CPU time per PATCH (10 ms clock ticks, so only meaningful as a mean). */
  cpuMsPerPatch: number;
  /** Mean bytes the server wrote (event store and read model, WAL and checkpoints) per PATCH. */
  writtenKbPerPatch: number;
}

interface Fill {
  existing: number;
  seconds: number;
  /** The last 1,000-member PATCH of the fill: adding 1,000 to a group of existing - 1,000. */
  lastPatchMs: number;
}

async function main(): Promise<void> {
  const totalUsers = envInt('BENCH_USERS', 52_000);
  const repeats = envInt('BENCH_REPEATS', 10);
  if (totalUsers < FILL_STEP + 1) throw new Error(`BENCH_USERS must be more than ${FILL_STEP}`);
  // Every size needs at least FILL_STEP users outside the group.
  const sizes = [...new Set(EXISTING_SIZES.map((size) => Math.min(size, totalUsers - FILL_STEP)))];
  printMachine();
  const startMachine = machine();
  const server = await startScimServer('groups');
  // One connection, kept alive: the timed PATCH pays no TCP connect.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const tenant = await createTenant(server);
    progress(`seeding ${int(totalUsers)} users`);
    const users = await seedUsers(tenant, {
      prefix: 'member',
      from: 0,
      count: totalUsers,
      concurrency: SEED_CONCURRENCY,
    });
    const patch = (groupId: string, operations: Record<string, unknown>[]) =>
      timedPatch(tenant, agent, groupId, operations);

    // All groups first, then the measurements round-robin over the sizes: every size sees the
    // same machine conditions (others' load, the read model's checkpoints) in every round.
    const fills: Fill[] = [];
    const groups: { existing: number; id: string; outside: SeededUser[] }[] = [];
    for (const existing of sizes) {
      const id = await createGroup(tenant, `bench-group-${existing}`);
      progress(`group of ${int(existing)}: filling`);
      fills.push(await fill(patch, id, users.slice(0, existing)));
      groups.push({ existing, id, outside: users.slice(existing) });
    }
    const measured: Measured[] = [];
    for (const added of ADDED) {
      progress(`adding ${int(added)} members to each group, ${repeats} times`);
      const samples = groups.map(() => [] as Sample[]);
      // Round 0 is the warm-up (JIT, caches), not recorded.
      for (let round = 0; round <= repeats; round++) {
        for (let turn = 0; turn < groups.length; turn++) {
          // A different group goes first each round, so no size always follows the same one.
          const g = (round + turn) % groups.length;
          const { id, outside } = groups[g];
          const offset = (round * added) % (outside.length - added + 1);
          const members = membersOf(outside.slice(offset, offset + added));
          const sample = await measuredPatch(server.pid, () =>
            patch(id, [{ op: 'Add', path: 'members', value: members }]),
          );
          if (round > 0) samples[g].push(sample);
          await patch(id, [{ op: 'Remove', path: 'members', value: members }]);
        }
      }
      groups.forEach((group, g) => measured.push(measurement(group.existing, added, samples[g])));
    }
    const memory = processMemory(server.pid);

    printResults(fills, measured, memory);
    const targets = evaluate(measured);
    printTargets(targets);
    const file = writeResults('groups', {
      date: new Date().toISOString(),
      machine: startMachine,
      parameters: { totalUsers, repeats, sizes, added: ADDED, fillStep: FILL_STEP },
      fills,
      measured,
      memory,
      targets,
    });
    console.log(`results: ${file}`);
  } finally {
    agent.destroy();
    await server.stop();
  }
}

type Patch = (groupId: string, operations: Record<string, unknown>[]) => Promise<number>;

async function createGroup(tenant: Tenant, displayName: string): Promise<string> {
  const created = expectStatus(
    await request(`${tenant.baseUrl}/Groups`, 'POST', {
      headers: tenant.headers,
      body: { schemas: [GROUP_SCHEMA], displayName },
    }),
    201,
    `POST /Groups ${displayName}`,
  );
  return (created.body as { id: string }).id;
}

/** Fills the group as Entra does: PATCH Add of at most 1,000 members per request, in order. */
async function fill(patch: Patch, groupId: string, members: SeededUser[]): Promise<Fill> {
  const started = process.hrtime.bigint();
  let lastPatchMs = 0;
  for (let from = 0; from < members.length; from += FILL_STEP) {
    const value = membersOf(members.slice(from, from + FILL_STEP));
    lastPatchMs = await patch(groupId, [{ op: 'Add', path: 'members', value }]);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { existing: members.length, seconds, lastPatchMs };
}

/** PATCH /Groups/{id}; resolves to its latency in ms, measured by the client, 204 required. */
async function timedPatch(
  tenant: Tenant,
  agent: http.Agent,
  groupId: string,
  operations: Record<string, unknown>[],
): Promise<number> {
  const body = { schemas: [PATCH_OP_SCHEMA], Operations: operations };
  const started = process.hrtime.bigint();
  const response = await request(`${tenant.baseUrl}/Groups/${groupId}`, 'PATCH', {
    headers: tenant.headers,
    body,
    agent,
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  expectStatus(response, 204, `PATCH /Groups/${groupId}`);
  return elapsedMs;
}

/** The PATCH's latency plus what it cost the server: CPU time and bytes written. */
async function measuredPatch(pid: number, send: () => Promise<number>): Promise<Sample> {
  const cpuBefore = processCpuSeconds(pid);
  const ioBefore = processIoBytes(pid);
  const ms = await send();
  return {
    ms,
    cpuMs: (processCpuSeconds(pid) - cpuBefore) * 1000,
    writtenBytes: processIoBytes(pid).written - ioBefore.written,
  };
}

function measurement(existing: number, added: number, samples: Sample[]): Measured {
  const samplesMs = samples.map((s) => s.ms);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    existing,
    added,
    samplesMs,
    ...summary(samplesMs),
    cpuMsPerPatch: mean(samples.map((s) => s.cpuMs)),
    writtenKbPerPatch: mean(samples.map((s) => s.writtenBytes)) / 1024,
  };
}

const membersOf = (users: SeededUser[]) => users.map((user) => ({ value: user.id }));

function summary(samples: number[]): { medianMs: number; p90Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentiles: with 10 samples, p90 is the 9th.
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  const middle = sorted.length / 2;
  const medianMs =
    sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { medianMs, p90Ms: rank(0.9) };
}

function evaluate(measured: Measured[]): Target[] {
  const targets: Target[] = [];
  for (const row of measured.filter((m) => m.added === 1_000))
    targets.push(
      target(`add 1,000 to ${int(row.existing)}: median ms`, row.medianMs, '<=', TARGETS.add1000Ms, 0),
    );
  const largest = Math.max(...measured.map((m) => m.existing));
  for (const added of ADDED) {
    const at = (existing: number) => measured.find((m) => m.existing === existing && m.added === added);
    const base = at(0);
    const big = at(largest);
    if (!base || !big || largest === 0) continue;
    targets.push(
      target(
        `add ${int(added)}: median at ${int(largest)} / median at 0`,
        big.medianMs / base.medianMs,
        '<=',
        TARGETS.growth,
      ),
    );
  }
  return targets;
}

function printResults(fills: Fill[], measured: Measured[], memory: ProcessMemory): void {
  printTable(
    [
      'existing members',
      'added by one PATCH',
      'median ms',
      'p90 ms',
      'min ms',
      'max ms',
      'samples',
      'server CPU ms',
      'server KB written',
    ],
    [...measured]
      .sort((a, b) => a.existing - b.existing || a.added - b.added)
      .map((row) => [
        int(row.existing),
        int(row.added),
        ms(row.medianMs),
        ms(row.p90Ms),
        ms(Math.min(...row.samplesMs)),
        ms(Math.max(...row.samplesMs)),
        String(row.samplesMs.length),
        ms(row.cpuMsPerPatch),
        int(row.writtenKbPerPatch),
      ]),
  );
  printTable(
    ['fill (PATCH Add of 1,000 each)', 'seconds', 'members/s', 'last PATCH ms'],
    fills
      .filter((f) => f.existing > 0)
      .map((f) => [
        `0 to ${int(f.existing)}`,
        f.seconds.toFixed(1),
        int(f.existing / f.seconds),
        ms(f.lastPatchMs),
      ]),
  );
  console.log(
    `service memory at the end: RSS ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakMb.toFixed(0)} MB`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
