import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppConfig } from '../../platform/config/app-config';
import { EventStoreUnavailableError } from '../../platform/event-store/event-store.errors';
import { Position, formatPosition, parsePosition } from '../../platform/event-store/position';
import { DATABASE_FILE } from '../../platform/event-store/sqlite/open-database';
import { CHECKPOINT_TABLE, projectionsVersion } from '../../platform/read-model/projection-runner';
import { READ_MODEL_FILE, READ_MODEL_RUNNER } from '../../platform/read-model/read-model-database';
import { removeDatabaseFiles } from '../../platform/read-model/rebuild/scratch-database';
import { replayIntoFile } from '../../platform/read-model/rebuild/scratch-read-model';
import { OfflineApp, openOfflineApp } from '../offline-app';
import { peakRssMb } from '../process-memory';
import { compareReadModels } from './read-model-diff';
import { ReplayOptions } from './replay-options';
import { ReplayResult, printReplayResult } from './replay-report';

/** The replay's scratch file; not the admin rebuild's, which a running server may be using. */
export const REPLAY_FILE = 'read-model.replay.db';

export const EXIT = { ok: 0, differences: 1, failed: 2 } as const;

interface LiveCheckpoint {
  version: string;
  position: Position | null;
}

/** Runs `npm run replay`: returns the exit code; everything it has to say goes through `out`. */
export async function runReplay(
  options: ReplayOptions,
  config: AppConfig,
  out: (line: string) => void,
): Promise<number> {
  // Opening a missing store would create an empty one and "replay" it: a mistyped DATA_DIR.
  if (config.eventStore === 'sqlite' && !fs.existsSync(path.join(config.dataDir, DATABASE_FILE))) {
    out(`no event store in ${config.dataDir} (${DATABASE_FILE} not found): check --data-dir or DATA_DIR`);
    return EXIT.failed;
  }
  const liveFile = path.join(config.dataDir, READ_MODEL_FILE);
  if (options.verify && !fs.existsSync(liveFile)) {
    out(`nothing to verify: ${liveFile} does not exist (no server has run on this DATA_DIR)`);
    return EXIT.failed;
  }
  let app: OfflineApp;
  try {
    app = await openOfflineApp(config);
  } catch (error) {
    out(cannotOpen(config, error));
    return EXIT.failed;
  }
  try {
    return await replay(app, options, config, out);
  } finally {
    await app.close();
  }
}

async function replay(
  app: OfflineApp,
  options: ReplayOptions,
  config: AppConfig,
  out: (line: string) => void,
): Promise<number> {
  const sources = app.readModel.replaySources;
  const file = path.join(config.dataDir, REPLAY_FILE);
  const version = projectionsVersion(sources.factories.map((create) => create()));
  const result: ReplayResult = { dataDir: config.dataDir, file, version, verified: options.verify };
  if (config.eventStore !== 'sqlite')
    result.warning =
      'with EventStoreDB nothing stops a server from changing the live read model meanwhile: stop it first';

  let until: Position | null | undefined;
  if (options.verify) {
    const live = liveCheckpoint(app.liveDb);
    if (!live || live.version !== version) {
      result.problem = live
        ? `the live read model was built by other projection definitions (live: ${live.version}; this build: ${version}); the server rebuilds it at its next start`
        : `the live read model has no checkpoint "${READ_MODEL_RUNNER}"`;
      printReplayResult(result, options, out);
      return EXIT.differences;
    }
    // Compare like with like: the live read model holds the log up to its checkpoint only.
    until = live.position;
    result.livePosition = live.position ? formatPosition(live.position) : null;
  }

  const figures = await replayIntoFile(sources, file, until);
  result.replay = {
    events: figures.events,
    position: figures.position ? formatPosition(figures.position) : null,
    seconds: figures.seconds,
    eventsPerSecond: figures.seconds > 0 ? Math.round(figures.events / figures.seconds) : figures.events,
    cpuSeconds: figures.cpuSeconds,
    peakRssMb: peakRssMb(),
    fileMb: fs.statSync(file).size / 1024 / 1024,
  };
  if (!options.verify) {
    result.tables = tableSizes(file, app.liveDb);
    printReplayResult(result, options, out);
    return EXIT.ok;
  }
  result.comparison = compareReadModels(app.liveDb, file, options.limit);
  const differs = result.comparison.differences > 0;
  // Kept when it differs, for a closer look; otherwise it is only a copy of the live read model.
  if (!differs) removeDatabaseFiles(file);
  printReplayResult(result, options, out);
  return differs ? EXIT.differences : EXIT.ok;
}

function liveCheckpoint(db: Database): LiveCheckpoint | undefined {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(CHECKPOINT_TABLE);
  if (!exists) return undefined;
  const row = db
    .prepare(`SELECT version, position FROM ${CHECKPOINT_TABLE} WHERE name = ?`)
    .get(READ_MODEL_RUNNER) as { version: string; position: string | null } | undefined;
  return row && { version: row.version, position: row.position ? parsePosition(row.position) : null };
}

/** Row counts of the rebuilt file's tables. */
function tableSizes(file: string, db: Database): Record<string, number> {
  db.prepare('ATTACH DATABASE ? AS rebuilt').run(file);
  try {
    const tables = db
      .prepare("SELECT name FROM rebuilt.sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((table) => [
        table,
        db
          .prepare(`SELECT count(*) FROM rebuilt."${table.replace(/"/g, '""')}"`)
          .pluck()
          .get() as number,
      ]),
    );
  } finally {
    db.exec('DETACH DATABASE rebuilt');
  }
}

function cannotOpen(config: AppConfig, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EventStoreUnavailableError && /in use|locked/i.test(message))
    return [
      `cannot open the event store: ${message}`,
      `A running server holds ${config.dataDir}/events.db exclusively: stop it, then run the replay again.`,
    ].join('\n');
  return `cannot open the application on ${config.dataDir}: ${message}`;
}
