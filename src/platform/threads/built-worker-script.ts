import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The compiled file of a worker thread's entry `name` (a .js beside the caller's compiled module,
 * `dirname`): there when running from dist; from sources (ts-jest) the same path under dist,
 * which `npm run build` (run before the tests) writes. Undefined when neither exists.
 */
export function builtWorkerScript(dirname: string, name: string): string | undefined {
  const beside = path.join(dirname, name);
  if (fs.existsSync(beside)) return beside;
  const root = path.resolve(__dirname, '../../..');
  const built = path.join(root, 'dist', path.relative(root, dirname), name);
  return fs.existsSync(built) ? built : undefined;
}
