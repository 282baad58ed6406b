import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

// The compiled module (npm run build runs before the tests), required by a thread of its own.
const MODULE = path.resolve(__dirname, '../../../dist/src/platform/threads/lower-thread-priority.js');

const inThread = (niceness: number) =>
  new Promise<{ lowered: boolean; tid: number; nice: number }>((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const { lowerThreadPriority } = require(workerData.module);
       const lowered = lowerThreadPriority(workerData.niceness);
       const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
       parentPort.postMessage({ lowered, tid, nice: require('node:os').getPriority(tid) });`,
      { eval: true, workerData: { module: MODULE, niceness } },
    );
    worker.once('message', (message: { lowered: boolean; tid: number; nice: number }) => {
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', reject);
  });

const linux = process.platform === 'linux' ? it : it.skip;

describe('lowerThreadPriority', () => {
  linux('lowers the calling thread only, never raises it', async () => {
    const before = os.getPriority(process.pid);
    const lowered = await inThread(Math.max(before, 10));
    expect(lowered.lowered).toBe(true);
    expect(lowered.tid).not.toBe(process.pid);
    expect(lowered.nice).toBe(Math.max(before, 10));
    expect(os.getPriority(process.pid)).toBe(before);
    // Asked for a higher priority than it has, it keeps its own.
    expect((await inThread(before - 1)).nice).toBe(before);
  });
});
