import autocannon from 'autocannon';
import { expectStatus, request } from './support/http-json';
import {
  int,
  envInt,
  machine,
  printMachine,
  printTable,
  printTargets,
  progress,
  target,
  writeResults,
} from './support/report';
import { processMemory, resetPeak } from './support/process-stats';
import { startScimServer } from './support/scim-server';
import { seedUsers, entraUser } from './support/scim-users';
import { createTenant } from './support/tenant';

/**
 * SCIM while the read model is rebuilt online (POST /admin/v1/projections/rebuild): GETs and
 * POSTs run against the real server before and during the rebuild, and must keep being
 * answered, from the old tables during the replay and the swap and from the new ones after.
 */

interface Traffic {
  requests: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
}

interface RebuildView {
  status: string;
  eventsApplied: number;
  swap: { tables: number; rows: number; ms: number } | null;
  error: string | null;
}

/** Runs autocannon until stop() is called; resolves with its result then. */
function startTraffic(options: autocannon.Options): { stop: () => Promise<Traffic> } {
  let settle: (result: autocannon.Result) => void = () => {};
  const finished = new Promise<autocannon.Result>((resolve) => (settle = resolve));
  const instance = autocannon({ ...options, duration: 3600 }, (error, result) => {
    if (error) throw error;
    settle(result);
  });
  return {
    stop: async () => {
      instance.stop();
      const result = await finished;
      return {
        requests: result.requests.total,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      };
    },
  };
}

async function main(): Promise<void> {
  const users = envInt('REBUILD_USERS', 50_000);
  const getConnections = 16;
  const postConnections = 4;
  printMachine();
  const server = await startScimServer('rebuild-online');
  try {
    const tenant = await createTenant(server);
    progress(`seeding ${int(users)} users through POST /Users`);
    const seeded = await seedUsers(tenant, { prefix: 'seed', from: 0, count: users, concurrency: 32 });
    const admin = { authorization: `Bearer ${server.adminKey}` };
    let g = 0;
    let p = 0;
    const gets = (): autocannon.Options => ({
      url: server.baseUrl,
      connections: getConnections,
      headers: tenant.headers,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: `/scim/v2/Users/${seeded[g++ % seeded.length]!.id}` }),
        },
      ],
    });
    const posts = (): autocannon.Options => ({
      url: server.baseUrl,
      connections: postConnections,
      headers: { ...tenant.headers, 'content-type': 'application/scim+json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => ({
            ...req,
            path: '/scim/v2/Users',
            body: JSON.stringify(entraUser(`online-${p++}@contoso.test`)),
          }),
        },
      ],
    });

    progress('baseline: GETs and POSTs for 10 s, no rebuild');
    const baseline = [startTraffic(gets()), startTraffic(posts())];
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const [getBefore, postBefore] = await Promise.all(baseline.map((traffic) => traffic.stop()));

    progress('the same traffic while the read model is rebuilt and swapped in');
    const during = [startTraffic(gets()), startTraffic(posts())];
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // The server's memory under the same traffic, then its peak while it also rebuilds.
    const before = processMemory(server.pid);
    const peakReset = resetPeak(server.pid);
    const started = Date.now();
    expectStatus(
      await request(`${server.baseUrl}/admin/v1/projections/rebuild`, 'POST', { headers: admin }),
      202,
      'start the rebuild',
    );
    let rebuild: RebuildView;
    for (;;) {
      const status = await request(`${server.baseUrl}/admin/v1/projections`, 'GET', { headers: admin });
      rebuild = (expectStatus(status, 200, 'projections').body as { rebuild: RebuildView }).rebuild;
      if (rebuild.status !== 'replaying' && rebuild.status !== 'swapping') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rebuildSeconds = (Date.now() - started) / 1000;
    const rebuilding = processMemory(server.pid);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const [getDuring, postDuring] = await Promise.all(during.map((traffic) => traffic.stop()));

    console.log(
      `rebuild ${rebuild.status} in ${rebuildSeconds.toFixed(1)} s: ${int(rebuild.eventsApplied)} events; ` +
        `swap ${rebuild.swap ? `${int(rebuild.swap.rows)} rows in ${int(rebuild.swap.ms)} ms` : 'none'}`,
    );
    console.log(
      `server memory: RSS ${int(before.rssMb)} MB before the rebuild (same traffic); ` +
        `peak ${int(rebuilding.peakMb)} MB ${peakReset ? 'during the rebuild' : 'since start'}, ` +
        `RSS ${int(rebuilding.rssMb)} MB when it ended`,
    );
    const line = (name: string, t: Traffic) => [
      name,
      int(t.requests),
      String(t.p99Ms),
      String(t.maxMs),
      String(t.non2xx),
      String(t.errors),
    ];
    printTable(
      ['traffic', 'requests', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
      [
        line(`GET /Users/{id}, ${getConnections} connections, before`, getBefore!),
        line(`GET /Users/{id}, during the rebuild`, getDuring!),
        line(`POST /Users, ${postConnections} connections, before`, postBefore!),
        line(`POST /Users, during the rebuild`, postDuring!),
      ],
    );
    printTargets([
      target('rebuild completed (1 = yes)', rebuild.status === 'completed' ? 1 : 0, '>=', 1, 0),
      target('GET and POST during the rebuild: non-2xx + errors', sum(getDuring!, postDuring!), '<=', 0, 0),
      target('GET during the rebuild: p99 ms', getDuring!.p99Ms, '<=', 50, 0),
    ]);
    const file = writeResults('rebuild-online', {
      machine: machine(),
      users,
      rebuild: { ...rebuild, seconds: rebuildSeconds },
      memory: { before, rebuilding, peakSince: peakReset ? 'rebuild' : 'start' },
      traffic: { getBefore, getDuring, postBefore, postDuring },
    });
    console.log(`results: ${file}`);
  } finally {
    await server.stop();
  }
}

const sum = (...traffic: Traffic[]) => traffic.reduce((total, t) => total + t.non2xx + t.errors, 0);

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
