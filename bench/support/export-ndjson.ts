/**
 * Child process of bench:replay: exports the whole event log of DATA_DIR to a file as NDJSON with
 * the audit module's export (readAll page by page, the stream's backpressure pulling), sampling
 * its own RSS meanwhile: flat memory means one page and one chunk, never the log. Prints one
 * JSON line. Usage: node dist/bench/support/export-ndjson.js <dataDir> <file>
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ExportProgress, exportNdjson } from '../../src/modules/audit/application/event-export';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';

async function main(dataDir: string, file: string): Promise<void> {
  const store = await SqliteEventStore.open({ dataDir });
  const rssSamplesMb: number[] = [];
  const sampler = setInterval(() => rssSamplesMb.push(process.memoryUsage.rss() / 1024 / 1024), 250);
  const progress: ExportProgress = { events: 0, last: null };
  const started = performance.now();
  try {
    await pipeline(Readable.from(exportNdjson(store, {}, progress)), fs.createWriteStream(file));
  } finally {
    clearInterval(sampler);
    await store.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const peakRssMb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) / 1024;
  const bytes = fs.statSync(file).size;
  process.stdout.write(
    `${JSON.stringify({ events: progress.events, seconds, bytes, peakRssMb, rssSamplesMb })}\n`,
  );
}

const [dataDir, file] = process.argv.slice(2);
main(dataDir, file).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
