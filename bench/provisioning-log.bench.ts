/**
 * Provisioning log benchmark: `npm run bench:log` (builds, then runs
 * `node dist/bench/provisioning-log.bench.js`).
 *
 * What one SCIM request's log entry costs in CPU: the event loop's part (ProvisioningLogWriter:
 * the row, the message to the writer thread) and the writer thread's (its insert into the table
 * and its indexes, the WAL, the checkpoints), measured together with process.cpuUsage (every
 * thread of the process). Making the entries here (two random UUIDs each) is counted too, under
 * 1 us of the figure. The writer is the service's own, on a fresh log file holding
 * BENCH_LOG_PREFILL entries of creates first, as after bench:scim's POST phase.
 *
 * Entries go in batches of BENCH_LOG_BATCH (370: 50 ms of requests at 7,400 per second, the
 * writes' flush delay at bench:scim's rates), each batch written before the next (sync):
 *  a) PATCH entries rotating over 1,000 users (bench:scim's PATCH: with a resource index on the
 *     log, an entry on a random page of it each time)
 *  b) POST entries, each for a new user (a new userName: a random subject key)
 * Each scenario runs BENCH_ROUNDS rounds of BENCH_LOG_BATCHES batches after one unmeasured round.
 * A round (136 batches, 50,320 entries) holds one batch of the lookups by resource and subject,
 * which the writer copies every 50,000 entries: their cost is in the figure.
 *
 * Environment: BENCH_LOG_PREFILL (default 140000), BENCH_LOG_BATCH (370), BENCH_LOG_BATCHES (136),
 * BENCH_ROUNDS (3).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { ProvisioningLogEntry } from '../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.entry';
import {
  openProvisioningLogDatabase,
  provisioningLogFile,
} from '../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.database';
import { ProvisioningLogWriter } from '../src/modules/provisioning/infrastructure/provisioning-log/provisioning-log.writer';
import { caselessKey } from '../src/platform/text/caseless-key';
import { envInt, printMachine, printTable, progress, writeResults } from './support/report';

const PATCHED_USERS = 1_000;
const SUBSCRIPTION = 'contoso';
const TOKEN_ID = randomUUID();

type Kind = 'PATCH' | 'POST';

function entry(kind: Kind, resourceId: string, n: number): ProvisioningLogEntry {
  const subject = kind === 'POST' ? `bench-${n}@contoso.test` : null;
  return {
    at: Date.now(),
    subscription: SUBSCRIPTION,
    tokenId: TOKEN_ID,
    method: kind,
    path: kind === 'POST' ? '/scim/v2/Users' : `/scim/v2/Users/${resourceId}`,
    filter: null,
    resourceType: 'User',
    resourceId,
    subject,
    subjectKey: subject === null ? null : caselessKey(subject),
    status: kind === 'POST' ? 201 : 200,
    scimType: null,
    detail: null,
    durationMs: 7.42,
    correlationId: randomUUID(),
  };
}

async function main(): Promise<void> {
  const prefill = envInt('BENCH_LOG_PREFILL', 140_000);
  const batch = envInt('BENCH_LOG_BATCH', 370);
  const batches = envInt('BENCH_LOG_BATCHES', 136);
  const rounds = envInt('BENCH_ROUNDS', 3);
  printMachine();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-bench-'));
  const file = provisioningLogFile(dataDir);
  openProvisioningLogDatabase(file).close();
  const writer = new ProvisioningLogWriter(file, pino({ level: 'warn' }));
  try {
    let n = 0;
    const patched = Array.from({ length: PATCHED_USERS }, () => randomUUID());
    const next = (kind: Kind) =>
      kind === 'POST' ? entry(kind, randomUUID(), n++) : entry(kind, patched[n++ % PATCHED_USERS], n);
    const write = async (kind: Kind, count: number) => {
      for (let b = 0; b < count; b++) {
        for (let i = 0; i < batch; i++) writer.record(next(kind));
        await writer.sync();
      }
    };
    progress(`writing ${prefill.toLocaleString('en-US')} create entries first`);
    await write('POST', Math.ceil(prefill / batch));
    const rows: string[][] = [];
    const results: Record<Kind, number[]> = { PATCH: [], POST: [] };
    for (const kind of ['PATCH', 'POST'] as const) {
      await write(kind, batches);
      for (let round = 0; round < rounds; round++) {
        const before = process.cpuUsage();
        await write(kind, batches);
        const used = process.cpuUsage(before);
        results[kind].push((used.user + used.system) / (batches * batch));
      }
      const sorted = [...results[kind]].sort((a, b) => a - b);
      rows.push([
        `${kind} entries`,
        sorted[Math.floor(sorted.length / 2)].toFixed(1),
        results[kind].map((us) => us.toFixed(1)).join(' '),
      ]);
    }
    printTable(['scenario', 'CPU us per entry (median)', 'rounds'], rows);
    console.log(
      `results: ${writeResults('provisioning-log', { date: new Date().toISOString(), prefill, batch, batches, results })}`,
    );
  } finally {
    await writer.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
