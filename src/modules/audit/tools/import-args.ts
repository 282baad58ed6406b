import * as path from 'node:path';

export interface ImportArgs {
  /** The export file (NDJSON), read twice: a file, not standard input. */
  in: string;
  /** The target may hold events (resume, or the next file of an incremental series). */
  continue: boolean;
  /** Overrides DATA_DIR (the embedded store's directory); absent: DATA_DIR, then ./data. */
  dataDir?: string;
}

export const USAGE = 'usage: npm run events:import -- --in FILE [--continue] [--data-dir DIR]';

/** Parses the CLI's arguments; throws an Error whose message is meant for the user. */
export function parseImportArgs(argv: string[]): ImportArgs {
  const values = new Map<string, string>();
  let resume = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--continue') {
      resume = true;
      continue;
    }
    if (!['--in', '--data-dir'].includes(flag)) throw new Error(`unknown argument ${flag}`);
    const value = argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    values.set(flag, value);
  }
  const file = values.get('--in');
  if (!file) throw new Error('--in FILE is required');
  if (file === '-') throw new Error('--in needs a file: it is read twice (checked, then imported)');
  const dataDir = values.get('--data-dir');
  return { in: path.resolve(file), continue: resume, ...(dataDir ? { dataDir: path.resolve(dataDir) } : {}) };
}
