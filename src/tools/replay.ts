import 'reflect-metadata';
import { loadConfig } from '../platform/config/load-config';
import { keepCreatedFilesPrivate } from '../platform/config/private-files';
import { EXIT, runReplay } from './replay/replay-command';
import { REPLAY_USAGE, UsageError, parseReplayOptions } from './replay/replay-options';

/** `npm run replay -- [--verify] [--data-dir DIR]`: see REPLAY_USAGE. */
async function main(): Promise<number> {
  keepCreatedFilesPrivate();
  let options;
  try {
    options = parseReplayOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${REPLAY_USAGE}\n`);
    return EXIT.failed;
  }
  if (options.help) {
    process.stdout.write(`${REPLAY_USAGE}\n`);
    return EXIT.ok;
  }
  const config = loadConfig({
    ...process.env,
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    // The report is the output; the application's own log only when something breaks.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  });
  return runReplay(options, config, (line) => process.stdout.write(`${line}\n`));
}

/**
 * Exits once the output is flushed: a start that failed half-way (a store held by a running
 * server) can leave handles of the modules it opened, which would keep the process alive.
 */
function exitWith(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main().then(exitWith, (error: unknown) => {
  process.stderr.write(
    `replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  exitWith(EXIT.failed);
});
