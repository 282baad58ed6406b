import * as path from 'node:path';
import { Position, parsePosition } from '../../../platform/event-store/position';

export interface ExportArgs {
  /** Target file; `-` writes to stdout. */
  out: string;
  after?: Position;
  dataDir: string;
}

export const USAGE = [
  'usage: npm run events:export -- --out FILE [--from POSITION] [--data-dir DIR]',
  "       npm run --silent events:export -- --out - [...] > FILE   (to standard output: --silent keeps npm's own lines out)",
].join('\n');

/** Parses the CLI's arguments; throws an Error whose message is meant for the user. */
export function parseExportArgs(argv: string[], env: NodeJS.ProcessEnv): ExportArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!['--out', '--from', '--data-dir'].includes(flag)) throw new Error(`unknown argument ${flag}`);
    const value = argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    values.set(flag, value);
  }
  const out = values.get('--out');
  if (!out) throw new Error('--out FILE is required');
  const from = values.get('--from');
  let after: Position | undefined;
  if (from !== undefined) {
    if (!/^\d+(:\d+)?$/.test(from)) throw new Error(`--from must be a position such as 42, got "${from}"`);
    after = parsePosition(from);
  }
  const dataDir = path.resolve(values.get('--data-dir') ?? (env.DATA_DIR?.trim() || './data'));
  return { out, after, dataDir };
}
