/**
 * Exports the embedded (SQLite) event log of DATA_DIR to an NDJSON file, the same lines as
 * GET /admin/v1/events, with flat memory. The store is held exclusively by its user, so this
 * runs while the server is stopped (or against a copy of DATA_DIR).
 *
 * Usage: npm run events:export -- --out FILE [--from POSITION] [--data-dir DIR]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EventStoreUnavailableError } from '../../../platform/event-store/event-store.errors';
import { formatPosition } from '../../../platform/event-store/position';
import { SqliteEventStore } from '../../../platform/event-store/sqlite';
import { DATABASE_FILE } from '../../../platform/event-store/sqlite/open-database';
import { ExportProgress, exportNdjson } from '../application/event-export';
import { ExportArgs, USAGE, parseExportArgs } from './export-args';
import { keepCreatedFilesPrivate } from '../../../platform/config/private-files';
import { printedHelp } from './cli-help';

/** Exit codes: 2 bad arguments or no store, 3 the store is locked by another process. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

async function openStore(dataDir: string): Promise<SqliteEventStore> {
  // Opening a missing store would create an empty one: a wrong --data-dir must fail instead.
  if (!fs.existsSync(path.join(dataDir, DATABASE_FILE)))
    throw new CliError(`no event store in ${dataDir} (${DATABASE_FILE} not found)`, 2);
  try {
    return await SqliteEventStore.open({ dataDir });
  } catch (error) {
    if (error instanceof EventStoreUnavailableError && /already in use/.test(error.message))
      throw new CliError(
        `the event store in ${dataDir} is locked by another process (a running server?). ` +
          'Stop it first, or export from the running server with GET /admin/v1/events.',
        3,
      );
    throw error;
  }
}

/** Writes to `FILE.partial` and renames at the end: FILE only ever holds a complete export. */
function target(out: string): { stream: Writable; finish(): void } {
  if (out === '-') return { stream: process.stdout, finish: () => undefined };
  const partial = `${out}.partial`;
  return { stream: fs.createWriteStream(partial), finish: () => fs.renameSync(partial, out) };
}

async function run(args: ExportArgs): Promise<void> {
  const store = await openStore(args.dataDir);
  const progress: ExportProgress = { events: 0, last: null };
  const started = process.hrtime.bigint();
  try {
    const output = target(args.out);
    await pipeline(Readable.from(exportNdjson(store, { after: args.after }, progress)), output.stream);
    output.finish();
  } finally {
    await store.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(progress.events / Math.max(seconds, 1e-3));
  const last = progress.last ? formatPosition(progress.last) : null;
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stderr.write(
    `exported ${progress.events} events in ${seconds.toFixed(1)} s (${rate} events/s), peak RSS ${peakMb} MB` +
      (last ? `; last position ${last} (resume with --from ${last})` : '') +
      '\n',
  );
}

async function main(): Promise<void> {
  keepCreatedFilesPrivate();
  if (printedHelp(process.argv.slice(2), USAGE)) return;
  let args: ExportArgs;
  try {
    args = parseExportArgs(process.argv.slice(2), process.env);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
  await run(args);
}

main().catch((error: unknown) => {
  process.stderr.write(`events:export: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
});
