/**
 * Imports an export file (NDJSON, from `npm run events:export` or GET /admin/v1/events) into the
 * configured event store: the embedded SQLite store of DATA_DIR (created if missing), or
 * EventStoreDB with EVENT_STORE=eventstoredb. Restores a backup, migrates SQLite to EventStoreDB,
 * or loads an auditor's copy; the server then rebuilds its read model from the log.
 *
 * Usage: npm run events:import -- --in FILE [--continue] [--data-dir DIR]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { AppConfig } from '../../../platform/config/app-config';
import { ConfigError, loadConfig } from '../../../platform/config/load-config';
import { EventStoreUnavailableError } from '../../../platform/event-store/event-store.errors';
import { describeEventStore, openEventStore } from '../../../platform/event-store/event-store.factory';
import { EventStore } from '../../../platform/event-store/event-store.port';
import { formatPosition } from '../../../platform/event-store/position';
import { LOCK_FILE } from '../../../platform/event-store/sqlite/data-dir-lock';
import { DATABASE_FILE } from '../../../platform/event-store/sqlite/open-database';
import {
  ImportProgress,
  ImportRefusedError,
  ImportReport,
  ImportStoppedError,
  importEvents,
} from '../application/event-import';
import { KNOWN_EVENT_VERSIONS } from '../application/known-event-versions';
import { ImportArgs, USAGE, parseImportArgs } from './import-args';
import { keepCreatedFilesPrivate } from '../../../platform/config/private-files';
import { printedHelp } from './cli-help';

/** Exit codes: 1 the store failed an append, 2 bad arguments, file or target (nothing written), 3 locked. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function configFor(args: ImportArgs): AppConfig {
  try {
    return loadConfig(args.dataDir ? { ...process.env, DATA_DIR: args.dataDir } : process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

async function openStore(config: AppConfig): Promise<EventStore> {
  try {
    return await openEventStore(config);
  } catch (error) {
    if (error instanceof EventStoreUnavailableError && /already in use/.test(error.message))
      throw new CliError(
        `the event store in ${config.dataDir} is locked by another process (a running server?). ` +
          'Stop it first: an import needs the store to itself.',
        3,
      );
    throw error;
  }
}

/** The SQLite store's files that opening it creates in DATA_DIR (none when it exists, or with EventStoreDB). */
function createdByThisRun(config: AppConfig): string[] {
  if (config.eventStore !== 'sqlite') return [];
  const database = path.join(config.dataDir, DATABASE_FILE);
  if (fs.existsSync(database)) return [];
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => `${database}${suffix}`)
    .concat(
      fs.existsSync(path.join(config.dataDir, LOCK_FILE)) ? [] : [path.join(config.dataDir, LOCK_FILE)],
    );
}

/** The file's lines, streamed: each call reads it again from the start. */
function fileLines(file: string): () => AsyncIterable<string> {
  return () => readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
}

const PROGRESS_EVERY_MS = 5000;

/** A line on stderr at most every 5 s while the import runs. */
function progressReporter(started: bigint): (progress: ImportProgress) => void {
  let next = Date.now() + PROGRESS_EVERY_MS;
  return (progress) => {
    if (Date.now() < next) return;
    next = Date.now() + PROGRESS_EVERY_MS;
    const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(0);
    process.stderr.write(
      progress.phase === 'check'
        ? `checked ${progress.events} events (${seconds} s)\n`
        : `imported ${progress.events} of ${progress.total} events (${seconds} s)\n`,
    );
  };
}

function summary(report: ImportReport, target: string, started: bigint): string {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(report.events / Math.max(seconds, 1e-3));
  const span =
    report.first && report.last
      ? `source positions ${formatPosition(report.first)} to ${formatPosition(report.last)}`
      : 'the file holds no events';
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const written = report.events - report.alreadyStored;
  return (
    `the file's ${report.events} events are in the target: ${written} written now, ` +
    `${report.alreadyStored} already there; in ${seconds.toFixed(1)} s (${rate} events/s) into ${target}; ` +
    `${span}; peak RSS ${peakMb} MB\n`
  );
}

async function run(args: ImportArgs): Promise<void> {
  try {
    if (!fs.statSync(args.in).isFile()) throw new Error('not a file');
  } catch (error) {
    throw new CliError(`cannot read ${args.in}: ${(error as Error).message}`, 2);
  }
  const config = configFor(args);
  const created = createdByThisRun(config);
  const store = await openStore(config);
  const target = describeEventStore(config);
  const started = process.hrtime.bigint();
  let refused = false;
  try {
    const report = await importEvents(store, fileLines(args.in), {
      continue: args.continue,
      onProgress: progressReporter(started),
      knownVersions: KNOWN_EVENT_VERSIONS,
    });
    process.stderr.write(summary(report, target, started));
  } catch (error) {
    refused = error instanceof ImportRefusedError;
    if (refused) throw new CliError((error as Error).message, 2);
    if (error instanceof ImportStoppedError)
      throw new CliError(`${error.message} Into ${target}; once fixed, re-run with --continue.`, 1);
    throw error;
  } finally {
    await store.close();
    // Refused means nothing written: leave no empty store behind in a new directory either.
    if (refused) for (const file of created) fs.rmSync(file, { force: true });
  }
}

async function main(): Promise<void> {
  keepCreatedFilesPrivate();
  if (printedHelp(process.argv.slice(2), USAGE)) return;
  let args: ImportArgs;
  try {
    args = parseImportArgs(process.argv.slice(2));
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`, 2);
  }
  await run(args);
}

main().catch((error: unknown) => {
  process.stderr.write(`events:import: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
});
