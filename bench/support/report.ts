import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Phases and progress go to stderr: stdout is kept for the results. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function machine(): { node: string; cpus: number; cpuModel: string; loadAverage: number[] } {
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export function printMachine(): void {
  const m = machine();
  console.log(
    `node ${m.node}, ${m.cpus} CPUs (${m.cpuModel}), load average ${m.loadAverage.join(' ')} at start`,
  );
}

/** A markdown table like bench:store's: first column left-aligned, the others right-aligned. */
export function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]) =>
    '| ' +
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ') +
    ' |';
  console.log(format(header));
  console.log(
    '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|',
  );
  for (const line of lines) console.log(format(line));
}

export interface Target {
  name: string;
  actual: string;
  limit: string;
  pass: boolean;
}

export function target(name: string, actual: number, op: '>=' | '<=', limit: number, digits = 2): Target {
  return {
    name,
    actual: actual.toFixed(digits),
    limit: `${op} ${limit}`,
    pass: op === '>=' ? actual >= limit : actual <= limit,
  };
}

export function printTargets(targets: Target[]): void {
  printTable(
    ['target', 'measured', 'limit', 'result'],
    targets.map((t) => [t.name, t.actual, t.limit, t.pass ? 'PASS' : 'FAIL']),
  );
  const failed = targets.filter((t) => !t.pass).length;
  console.log(failed === 0 ? 'all targets PASS' : `${failed} of ${targets.length} targets FAIL`);
}

/** bench-results/<name>-<timestamp>.json at the project root (gitignored). */
export function writeResults(name: string, results: unknown): string {
  const dir = path.resolve(__dirname, '../../../bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);
