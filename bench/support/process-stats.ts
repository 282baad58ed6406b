import * as fs from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now (VmRSS), MB. */
  rssMb: number;
  /** Peak resident set size (VmHWM) since start or since resetPeak, MB. */
  peakMb: number;
}

/** Memory of another process, read from /proc (Linux): what the kernel charges, not V8's view. */
export function processMemory(pid: number): ProcessMemory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`${field} missing from /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Resets VmHWM to the current RSS (writing 5 to clear_refs), so a later peak covers one phase. */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    // Not permitted or not Linux: the peak then covers the whole life of the process.
    return false;
  }
}

// /proc/<pid>/stat counts CPU time in USER_HZ ticks, which Linux fixes at 100 per second.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) another process has used so far, in seconds. */
export function processCpuSeconds(pid: number): number {
  return cpuSecondsOf(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** utime + stime of a /proc stat line, in seconds. */
function cpuSecondsOf(stat: string): number {
  // Fields after the command name (which may contain spaces) in parentheses; utime, stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * CPU seconds (user + system) of each thread of another process, by thread id
 * (/proc/<pid>/task/<tid>/stat). A thread that ended is missing; one started since is new.
 */
export function threadCpuSeconds(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(Number(tid), cpuSecondsOf(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      // Ended between the listing and the read.
    }
  }
  return threads;
}

/** Bytes another process has passed to write and read calls so far (/proc/<pid>/io wchar, rchar). */
export function processIoBytes(pid: number): { written: number; read: number } {
  const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? NaN);
  return { written: field('wchar'), read: field('rchar') };
}
