export interface ReplayOptions {
  verify: boolean;
  dataDir: string | undefined;
  /** Differences printed per table (all are counted). */
  limit: number;
  /** One JSON document on stdout instead of the text report (benchmarks, scripts). */
  json: boolean;
  help: boolean;
}

export const REPLAY_USAGE = `usage: npm run replay -- [--verify] [--data-dir DIR] [--limit N] [--json]

Rebuilds the read model from position 0 of the event log into DATA_DIR/read-model.replay.db,
with the projections of this build, and prints figures.
  --verify       then compares it, table by table and row by row, with DATA_DIR/read-model.db
                 (rebuilt up to the live checkpoint); exit code 1 when anything differs
  --data-dir     the DATA_DIR of a stopped server (default: $DATA_DIR, else ./data)
  --limit N      differences printed per table (default 10; all are counted)
  --json         print the result as JSON
Exit codes: 0 ok, 1 differences found (or a read model of other projection definitions), 2 could
not run (usage, DATA_DIR in use, no read model).`;

export class UsageError extends Error {}

export function parseReplayOptions(argv: readonly string[]): ReplayOptions {
  const options: ReplayOptions = { verify: false, dataDir: undefined, limit: 10, json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      const given = inline ?? argv[++i];
      if (given === undefined || given === '') throw new UsageError(`${name} needs a value`);
      return given;
    };
    if (name === '--verify') options.verify = true;
    else if (name === '--json') options.json = true;
    else if (name === '--help' || name === '-h') options.help = true;
    else if (name === '--data-dir') options.dataDir = value();
    else if (name === '--limit') {
      const limit = Number(value());
      if (!Number.isInteger(limit) || limit < 0) throw new UsageError('--limit must be an integer >= 0');
      options.limit = limit;
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  return options;
}
