import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeChild, freePort, startNodeChild } from './child-process';

export interface ScimServer extends NodeChild {
  dataDir: string;
  adminKey: string;
}

// Compiled layout: dist/bench/support/scim-server.js next to dist/src/main.js.
const MAIN_SCRIPT = path.resolve(__dirname, '../../src/main.js');

/**
 * The real service, started exactly as in production (node dist/src/main.js) on a fresh
 * temporary DATA_DIR. BENCH_CPU_PROF=<dir> profiles it (node --cpu-prof; written at stop).
 */
export async function startScimServer(name = 'scim'): Promise<ScimServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-bench-`));
  const adminKey = randomBytes(24).toString('hex');
  const profileDir = process.env.BENCH_CPU_PROF;
  const port = await freePort();
  const server = await startNodeChild({
    name,
    script: MAIN_SCRIPT,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [],
    env: {
      DATA_DIR: dataDir,
      PORT: String(port),
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: 'warn',
    },
    port,
    readyPath: '/health/ready',
  }).catch((error: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...server,
    dataDir,
    adminKey,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
