import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProcessManagerView, RunnerStatus } from './read-model-status';
import { RebuildStatus } from './rebuild/read-model-rebuild';

// OpenAPI descriptions of what the projections routes answer (ReadModelStatusView, RebuildView);
// documentation only, never instantiated.

/** Record<union, …>: the compiler fails when a value of the union is left out. */
const RUNNER_STATUSES: Record<RunnerStatus, string> = {
  running: 'applying events as they are appended',
  paused: 'held by a rebuild while it swaps the tables in',
  retrying:
    'a batch failed (see lastError: the store unreachable, a full disk); it starts again from its checkpoint by itself, with backoff',
  failed: 'stopped on an error (see lastError)',
  rebuilding: 'the replay of a rebuild, into a scratch file',
};
const REBUILD_STATUSES: Record<RebuildStatus, string> = {
  replaying: 'replaying the log into a scratch file, the live read model still serving',
  swapping:
    'the live runner paused, the replay catches up with it, then the tables are copied in on a ' +
    'background thread (reads go on from the old tables; writes wait for their answer)',
  completed: 'done: the rebuilt tables are live',
  failed: 'stopped on an error (see error); the live read model was left as it was',
  cancelled: 'stopped (the service shut down)',
};
const describe = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([value, meaning]) => `${value}: ${meaning}`)
    .join('; ');

export class ProjectionVersionResponse {
  @ApiProperty({ example: 'subscription' })
  name!: string;

  @ApiProperty({ example: 1 })
  version!: number;
}

export class ProjectionRunnerResponse {
  @ApiProperty({ example: 'read-model' })
  name!: string;

  @ApiProperty({ type: [ProjectionVersionResponse], description: 'The projections this runner applies.' })
  projections!: ProjectionVersionResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last position applied ("42", or "42:40" with EventStoreDB); null before the first event.',
    example: '1042',
  })
  position!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Last position of the log.', example: '1042' })
  headPosition!: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'Events not applied yet; null with EventStoreDB, whose positions are log offsets, not counts.',
    example: 0,
  })
  lag!: number | null;

  @ApiProperty({ example: true })
  caughtUp!: boolean;

  @ApiProperty({
    enum: Object.keys(RUNNER_STATUSES),
    description: describe(RUNNER_STATUSES),
    example: 'running',
  })
  status!: RunnerStatus;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastError!: string | null;
}

export class SwapFiguresResponse {
  @ApiProperty({ description: 'Tables copied.', example: 12 })
  tables!: number;

  @ApiProperty({ description: 'Rows copied.', example: 48210 })
  rows!: number;

  @ApiProperty({ description: 'Duration of the swap transaction (ms).', example: 85.4 })
  ms!: number;
}

export class RebuildViewResponse {
  @ApiProperty({ format: 'uuid', example: '0b7e4c8a-2f1d-4e3b-9a6c-5d4e3f2a1b0c' })
  rebuildId!: string;

  @ApiProperty({
    enum: Object.keys(REBUILD_STATUSES),
    description: describe(REBUILD_STATUSES),
    example: 'completed',
  })
  status!: RebuildStatus;

  @ApiProperty({ format: 'date-time', example: '2025-02-01T10:00:00.000Z' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2025-02-01T10:00:04.210Z' })
  finishedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The log's head when the rebuild started: the replay's first goal.",
    example: '1042',
  })
  targetPosition!: string | null;

  @ApiProperty({ example: 1042 })
  eventsApplied!: number;

  @ApiProperty({
    type: SwapFiguresResponse,
    nullable: true,
    description: 'Set once the tables are swapped in.',
  })
  swap!: SwapFiguresResponse | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  error!: string | null;
}

const PROCESS_STATUSES: Record<ProcessManagerView['status'], string> = {
  running: 'following the log',
  retrying: 'a step failed and is retried with backoff (see lastError)',
  interrupted: 'its log subscription ended (EventStoreDB restarting): it follows again from its checkpoint',
};

export class ProcessManagerResponse {
  @ApiProperty({ example: 'ownership-transfer' })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last event it handled or passed over; null before the first.',
    example: '1042',
  })
  position!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Last position of the log.', example: '1042' })
  headPosition!: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Events not looked at yet; null with EventStoreDB.',
    example: 0,
  })
  lag!: number | null;

  @ApiProperty({ example: true })
  caughtUp!: boolean;

  @ApiProperty({
    enum: Object.keys(PROCESS_STATUSES),
    description: describe(PROCESS_STATUSES),
    example: 'running',
  })
  status!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last step failed, while retrying.',
    example: null,
  })
  lastError!: string | null;
}

/** ReadModelStatusView. */
export class ReadModelStatusResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last position of the log; null when it is empty.',
    example: '1042',
  })
  headPosition!: string | null;

  @ApiPropertyOptional({
    description: 'Present when the head could not be read (the event store is unreachable).',
    example: 'connect ECONNREFUSED 127.0.0.1:2113',
  })
  storeError?: string;

  @ApiProperty({
    type: [ProjectionRunnerResponse],
    description: 'The live read model, and during a rebuild its replay ("read-model (rebuild)").',
  })
  runners!: ProjectionRunnerResponse[];

  @ApiProperty({
    type: [ProcessManagerResponse],
    description:
      'The process managers (the disable-user transfer saga, the release of a deleted manager): each follows the log after the read model.',
  })
  processes!: ProcessManagerResponse[];

  @ApiProperty({
    type: RebuildViewResponse,
    nullable: true,
    description: 'The running rebuild, else the last one since the service started; null when none ran.',
  })
  rebuild!: RebuildViewResponse | null;
}

export class RebuildStartedResponse {
  @ApiProperty({ format: 'uuid', example: '0b7e4c8a-2f1d-4e3b-9a6c-5d4e3f2a1b0c' })
  rebuildId!: string;

  @ApiProperty({ enum: Object.keys(REBUILD_STATUSES), example: 'replaying' })
  status!: RebuildStatus;
}
