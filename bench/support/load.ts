import autocannon from 'autocannon';
import { processCpuSeconds, processIoBytes, threadCpuSeconds } from './process-stats';

/** One request of a scenario; called per request so ids and userNames rotate. */
export type NextRequest = () => { path: string; body?: string };

export interface LoadOptions {
  /** http://host:port: the real service or the ceiling, with the same requests. */
  target: string;
  method: 'GET' | 'POST' | 'PATCH';
  headers: Record<string, string>;
  next: NextRequest;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** The server's process: its CPU time per request is measured too. */
  pid: number;
}

export interface LoadResult {
  /** Mean of the per-second samples, as autocannon reports "Req/Sec". */
  rps: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /**
   * Server CPU time (user + system) per completed request: unlike req/s, barely moved by other
   * processes competing for the cores, so it tells where the cost is on a noisy machine.
   */
  cpuMsPerRequest: number;
  /**
   * The same by thread: `main` (the event loop) and `thread N`, the process's other threads in
   * the order they were started (V8's helpers first, then the worker threads): which one a change
   * in cpuMsPerRequest comes from. Threads under 0.0005 ms are left out.
   */
  threadCpuMsPerRequest: Record<string, number>;
  /** Bytes the server wrote per request (WAL frames, checkpoints, responses): write amplification. */
  writtenKbPerRequest: number;
  /** Bytes the server read per request (pages its SQLite caches did not hold, requests). */
  readKbPerRequest: number;
}

/**
 * A warm-up (JIT, connection set-up, caches), discarded, then the measured run, both with
 * autocannon's programmatic API in this process (the server under test is another process).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await fire(options, options.warmupSeconds);
  const cpuBefore = processCpuSeconds(options.pid);
  const threadsBefore = threadCpuSeconds(options.pid);
  const ioBefore = processIoBytes(options.pid);
  const result = await fire(options, options.seconds);
  const cpuSeconds = processCpuSeconds(options.pid) - cpuBefore;
  const threadsAfter = threadCpuSeconds(options.pid);
  const ioAfter = processIoBytes(options.pid);
  const perRequest = (total: number) => (result.requests.total > 0 ? total / result.requests.total : 0);
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest: perRequest(cpuSeconds * 1000),
    threadCpuMsPerRequest: perThread(options.pid, threadsBefore, threadsAfter, perRequest),
    writtenKbPerRequest: perRequest((ioAfter.written - ioBefore.written) / 1024),
    readKbPerRequest: perRequest((ioAfter.read - ioBefore.read) / 1024),
  };
}

function perThread(
  pid: number,
  before: Map<number, number>,
  after: Map<number, number>,
  perRequest: (total: number) => number,
): Record<string, number> {
  const others = [...after.keys()].filter((tid) => tid !== pid).sort((a, b) => a - b);
  const threads: Record<string, number> = {};
  for (const [tid, seconds] of after) {
    const ms = perRequest((seconds - (before.get(tid) ?? 0)) * 1000);
    if (ms < 0.0005) continue;
    threads[tid === pid ? 'main' : `thread ${others.indexOf(tid) + 1}`] = Number(ms.toFixed(4));
  }
  return threads;
}

function fire(options: LoadOptions, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: options.target,
    connections: options.connections,
    duration: seconds,
    headers: options.headers,
    requests: [
      {
        method: options.method,
        setupRequest: (request) => {
          const { path, body } = options.next();
          return { ...request, path, body };
        },
      },
    ],
  });
}
