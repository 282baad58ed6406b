import * as fs from 'node:fs';
import * as os from 'node:os';

/**
 * Lowers the calling thread's scheduling priority to `niceness` (Linux, where setpriority takes a
 * thread id: /proc/thread-self names it). For a thread whose work waits on nobody's request, so
 * that the threads on a request's path get the CPU first when the cores are busy. Elsewhere, or
 * if the system refuses, nothing changes; returns whether it did.
 */
export function lowerThreadPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.max(os.getPriority(tid), niceness));
    return true;
  } catch {
    return false;
  }
}
