import 'reflect-metadata';
import { loadConfig } from '../platform/config/load-config';
import { EXIT, runReplay } from './replay/replay-command';
import { REPLAY_USAGE, UsageError, parseReplayOptions } from './replay/replay-options';

/** `npm run replay -- [--verify] [--data-dir DIR]`: see REPLAY_USAGE. */
async function main(): Promise<number> {
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

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT.failed;
  },
);
