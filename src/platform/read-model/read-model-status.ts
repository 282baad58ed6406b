import { Position, comparePositions, formatPosition } from '../event-store/position';
import { ProjectionRunner } from './projection-runner';
import { RebuildView } from './rebuild/read-model-rebuild';

export type RunnerStatus = 'running' | 'paused' | 'retrying' | 'failed' | 'rebuilding';

export interface ProjectionRunnerView {
  name: string;
  projections: { name: string; version: number }[];
  position: string | null;
  headPosition: string | null;
  /** Events not applied yet; null with EventStoreDB, whose positions are log offsets, not counts. */
  lag: number | null;
  caughtUp: boolean;
  status: RunnerStatus;
  lastError: string | null;
}

/** A process manager (saga) as a runner of its own: it follows $all after the read model. */
export interface ProcessManagerView {
  name: string;
  /** Last event it handled or passed over; null before the first. */
  position: string | null;
  headPosition: string | null;
  lag: number | null;
  caughtUp: boolean;
  /** retrying: a step failed and is retried with backoff (see lastError); interrupted: the log subscription ended, it follows again soon. */
  status: 'running' | 'retrying' | 'interrupted';
  lastError: string | null;
}

/** What a process manager runner tells about itself. */
export interface ProcessManagerProgress {
  name: string;
  position: Position | null;
  status: ProcessManagerView['status'];
  lastError: string | null;
}

export interface ReadModelStatusView {
  headPosition: string | null;
  /** Set when the head could not be read (the store is unreachable). */
  storeError?: string;
  runners: ProjectionRunnerView[];
  processes: ProcessManagerView[];
  /** The running rebuild, else the last one since the start; null when none ran. */
  rebuild: RebuildView | null;
}

/** How to describe positions: SQLite positions count events, EventStoreDB's do not. */
export type PositionKind = 'event-count' | 'log-offset';

export function describeRunner(
  name: string,
  runner: ProjectionRunner,
  status: RunnerStatus,
  head: Position | null,
  kind: PositionKind,
): ProjectionRunnerView {
  const position = runner.position;
  const caughtUp = head === null || (position !== null && comparePositions(position, head) >= 0);
  return {
    name,
    projections: runner.projections.map((p) => ({ name: p.name, version: p.version })),
    position: position ? formatPosition(position) : null,
    headPosition: head ? formatPosition(head) : null,
    lag: kind === 'event-count' ? eventsBehind(position, head) : null,
    caughtUp,
    status,
    lastError: runner.error?.message ?? null,
  };
}

export function describeProcess(
  progress: ProcessManagerProgress,
  head: Position | null,
  kind: PositionKind,
): ProcessManagerView {
  const { name, position, status, lastError } = progress;
  return {
    name,
    position: position ? formatPosition(position) : null,
    headPosition: head ? formatPosition(head) : null,
    lag: kind === 'event-count' ? eventsBehind(position, head) : null,
    caughtUp: head === null || (position !== null && comparePositions(position, head) >= 0),
    status,
    lastError,
  };
}

function eventsBehind(position: Position | null, head: Position | null): number {
  if (head === null) return 0;
  const behind = head.commit - (position?.commit ?? 0n);
  return behind > 0n ? Number(behind) : 0;
}
