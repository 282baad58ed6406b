import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as readline from 'node:readline';
import { request } from './http-json';

/** A node script running as a child process: its own event loop, measured from outside. */
export interface NodeChild {
  readonly name: string;
  readonly pid: number;
  readonly baseUrl: string;
  /** SIGTERM (graceful: a --cpu-prof profile is written on exit), SIGKILL after a grace period. */
  stop(): Promise<void>;
}

export interface NodeChildOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  /** Options for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
  port: number;
  /** GET this path until it answers 200. */
  readyPath: string;
  readyTimeoutMs?: number;
}

const OUTPUT_TAIL_LINES = 40;
const STOP_GRACE_MS = 30_000;

/** A TCP port nobody listens on right now (the kernel picks it; there is a tiny race, acceptable here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no TCP port')),
      );
    });
  });
}

export async function startNodeChild(options: NodeChildOptions): Promise<NodeChild> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    // Only what the child needs: an inherited NODE_OPTIONS or DATA_DIR must not leak in.
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const forward = (line: string) => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    // Warnings and errors of the server are part of the result: show them, prefixed.
    process.stderr.write(`[${options.name}] ${line}\n`);
  };
  for (const stream of [child.stdout, child.stderr])
    if (stream) readline.createInterface({ input: stream }).on('line', forward);
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      // A server dying mid-run explains failures that follow: say so at once.
      if (!stopping)
        process.stderr.write(`[${options.name}] exited unexpectedly: code ${code}, signal ${signal}\n`);
      resolve(code);
    }),
  );
  const baseUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitReady(child, exited, `${baseUrl}${options.readyPath}`, options.readyTimeoutMs ?? 120_000);
  } catch (error) {
    stopping = true;
    child.kill('SIGKILL');
    throw new Error(`${options.name} did not become ready: ${(error as Error).message}\n${tail.join('\n')}`);
  }
  if (child.pid === undefined) throw new Error(`${options.name} has no pid`);
  return {
    name: options.name,
    pid: child.pid,
    baseUrl,
    stop: () => {
      stopping = true;
      return stopChild(child, exited);
    },
  };
}

async function waitReady(
  child: ChildProcess,
  exited: Promise<number | null>,
  url: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await request(url, 'GET');
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
