import { ReadModelComparison, RowDifference, SqlValue, differencesIn } from './read-model-diff';
import { ReplayOptions } from './replay-options';

export interface ReplayResult {
  dataDir: string;
  file: string;
  version: string;
  verified: boolean;
  livePosition?: string | null;
  replay?: {
    events: number;
    position: string | null;
    seconds: number;
    eventsPerSecond: number;
    cpuSeconds: number;
    peakRssMb: number;
    fileMb: number;
  };
  tables?: Record<string, number>;
  comparison?: ReadModelComparison;
  /** Why the comparison could not be made (counts as a difference). */
  problem?: string;
  warning?: string;
}

const VALUE_CHARS = 160;
const int = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, noun: string) => `${int(n)} ${noun}${n === 1 ? '' : 's'}`;

export function printReplayResult(
  result: ReplayResult,
  options: ReplayOptions,
  out: (line: string) => void,
): void {
  if (options.json) {
    out(
      JSON.stringify(result, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      ),
    );
    return;
  }
  if (result.warning) out(`warning: ${result.warning}`);
  out(`DATA_DIR ${result.dataDir}; projections ${result.version}`);
  if (result.problem) {
    out(`cannot verify: ${result.problem}`);
    return;
  }
  const replay = result.replay;
  if (replay)
    out(
      `replayed ${int(replay.events)} events up to position ${replay.position ?? '(empty log)'} in ` +
        `${replay.seconds.toFixed(2)} s (${int(replay.eventsPerSecond)} events/s, ${replay.cpuSeconds.toFixed(2)} s CPU, peak RSS ${replay.peakRssMb.toFixed(0)} MB) ` +
        `into ${result.file} (${replay.fileMb.toFixed(1)} MB)`,
    );
  if (result.tables)
    for (const [table, rows] of Object.entries(result.tables)) out(`  ${table}: ${int(rows)} rows`);
  if (result.comparison) printComparison(result.comparison, result, out);
}

function printComparison(
  comparison: ReadModelComparison,
  result: ReplayResult,
  out: (line: string) => void,
): void {
  out(`compared with the live read model at position ${result.livePosition ?? '(empty)'}:`);
  for (const table of comparison.tables) {
    const differences = differencesIn(table);
    const sizes = `${plural(table.liveRows, 'row')} live, ${int(table.rebuiltRows)} rebuilt`;
    if (differences === 0) {
      out(`  ${table.table}: identical (${sizes})`);
      continue;
    }
    const counts = [
      table.onlyLive && `${plural(table.onlyLive, 'row')} only in live`,
      table.onlyRebuilt && `${plural(table.onlyRebuilt, 'row')} only in rebuilt`,
      table.changedCells && `${plural(table.changedCells, 'differing value')}`,
    ].filter(Boolean);
    out(
      `  ${table.table}: ${plural(differences, 'difference')} (${sizes}${counts.length ? `; ${counts.join(', ')}` : ''})`,
    );
    if (table.problem) out(`    ${table.problem}`);
    for (const sample of table.samples) out(`    ${describe(sample)}`);
    const hidden = differences - table.samples.length - (table.problem ? 1 : 0);
    if (hidden > 0) out(`    ... and ${int(hidden)} more`);
  }
  out(
    comparison.differences === 0
      ? 'verify: OK, the live read model is exactly what the event log produces'
      : `verify: ${plural(comparison.differences, 'difference')}: the live read model does not match the event log ` +
          `(rebuilt copy kept in ${result.file})`,
  );
}

function describe(difference: RowDifference): string {
  const key = Object.entries(difference.key)
    .map(([column, value]) => `${column}=${show(value)}`)
    .join(', ');
  if (difference.kind === 'only-live') return `only in live: (${key})`;
  if (difference.kind === 'only-rebuilt') return `only in rebuilt: (${key})`;
  return `(${key}) column ${difference.column}: live ${show(difference.live ?? null)}, rebuilt ${show(difference.rebuilt ?? null)}`;
}

function show(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex').slice(0, VALUE_CHARS)}'`;
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}…" (${value.length} chars)` : text;
  }
  return String(value);
}
