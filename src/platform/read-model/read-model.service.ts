import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../es/domain-event';
import { EventStoreUnavailableError } from '../event-store/event-store.errors';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { Position, comparePositions, formatPosition } from '../event-store/position';
import { EventSchemaRegistry } from '../es/event-schema-registry';
import { LOGGER } from '../logging/logger';
import { AnsweredAhead } from './answered-ahead';
import { ProjectionFactory, ProjectionModule } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ProjectionLagTimeoutError, ReadModelBehindError } from './position-waiters';
import { READ_MODEL_DB, READ_MODEL_RUNNER } from './read-model-database';
import { ReadSnapshot } from './read-snapshot';
import {
  ProcessManagerProgress,
  ProjectionRunnerView,
  ReadModelStatusView,
  RunnerStatus,
  describeProcess,
  describeRunner,
} from './read-model-status';
import { LiveReadModel, ReadModelRebuild } from './rebuild/read-model-rebuild';
import { ReplaySources } from './rebuild/scratch-read-model';
import { REBUILD_FILE, removeDatabaseFiles } from './rebuild/scratch-database';
import { ReadModelWriter } from './thread/read-model-writer';

/**
 * The read model: modules register their projections while the app initialises; one runner
 * then feeds them all from $all once the app has bootstrapped. A rebuild replays them into a
 * scratch file beside it and swaps the result in.
 */
@Injectable()
export class ReadModel {
  private readonly factories: ProjectionFactory[] = [];
  /** Each factory's module for the writer thread; one missing keeps the batches on this thread. */
  private readonly modules: (ProjectionModule | undefined)[] = [];
  private runner: ProjectionRunner | undefined;
  private writer: ReadModelWriter | undefined;
  private readonly answeredAhead = new AnsweredAhead();
  /**
   * Writes answered before a restart may not be in the read model yet: until it reaches the
   * store's head found at start, every read waits for it. Set while that head is being read.
   */
  private readingHeadAtStart: Promise<void> | undefined;
  private headAtStart: Position | null = null;
  private caughtUpWithStart = false;
  /** Set while a rebuild has paused the live runner and holds the file's writers (see whenWritable). */
  private writesHeld: { released: Promise<void>; release: () => void } | undefined;
  private lastRebuild: ReadModelRebuild | undefined;
  private readonly processes: (() => ProcessManagerProgress)[] = [];
  /** The head the replay from 0 at start must reach; null when there is none (see start()). */
  private initialReplay: Position | 'head unknown' | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) readonly db: Database,
    private readonly snapshot: ReadSnapshot,
    private readonly schemas: EventSchemaRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A factory, not an instance: every runner (live, rebuild, replay tool) gets fresh projections.
   * With `module` (where a worker finds the same projection's class) the live batches are written
   * on the read model's writer thread, once every projection has one.
   */
  register(create: ProjectionFactory, module?: ProjectionModule): void {
    if (this.runner) throw new Error('a projection was registered after the read model started');
    this.factories.push(create);
    this.modules.push(module);
  }

  /** A process manager that follows the log after the read model: shown by status(). */
  registerProcess(progress: () => ProcessManagerProgress): void {
    this.processes.push(progress);
  }

  /** What a replay of this read model needs: the same projections, upcasters and log. */
  get replaySources(): ReplaySources {
    return { store: this.store, schemas: this.schemas, factories: [...this.factories], logger: this.logger };
  }

  start(): void {
    // A rebuild interrupted by a crash leaves its scratch file behind: it is of no use.
    const scratch = path.join(this.config.dataDir, REBUILD_FILE);
    if (fs.existsSync(scratch))
      this.logger.warn(
        { file: scratch },
        'a read model rebuild was interrupted; its scratch file is removed (request it again)',
      );
    removeDatabaseFiles(scratch);
    this.writer = this.startWriter();
    this.runner = new ProjectionRunner(
      READ_MODEL_RUNNER,
      this.store,
      this.db,
      this.factories.map((create) => create()),
      this.schemas,
      this.logger,
      {
        restartAfterTransientFailure: true,
        applier: this.writer,
        checkpointMoved: () => this.snapshot.renew(),
      },
    );
    this.runner.start();
    this.caughtUpWithStart = false;
    this.readingHeadAtStart = this.store.headPosition().then(
      (head) => {
        this.headAtStart = head;
        this.readingHeadAtStart = undefined;
      },
      // Unknown (the store is down): reads go on and meet its errors.
      () => (this.readingHeadAtStart = undefined),
    );
    if (this.runner.position === null) {
      // From position 0: a new read model, or projection versions changed (an upgrade), which
      // emptied every table. Until the replay reaches the head of that moment, nothing it would
      // answer (tokens, users) can be trusted.
      this.initialReplay = 'head unknown';
      this.store.headPosition().then(
        (head) => (this.initialReplay = head),
        () => (this.initialReplay = null),
      );
    }
  }

  /**
   * True while the read model replays the log from position 0 at start (see start()); SCIM then
   * answers 503 instead of 401s and 404s from half-built tables. A failed runner stays replaying.
   */
  get replayingFromStart(): boolean {
    const target = this.initialReplay;
    if (target === null) return false;
    if (target === 'head unknown') return true;
    const position = this.runner?.position ?? null;
    if (position === null || comparePositions(position, target) < 0) return true;
    this.initialReplay = null;
    return false;
  }

  /** Read-your-writes: resolves once the read model includes `position`. */
  async waitFor(position: Position | null, timeoutMs?: number): Promise<void> {
    if (position) await this.started().waitFor(position, timeoutMs);
  }

  /**
   * A write answered once durable, before the read model holds it (its answer built from the
   * decision): the reads that follow wait for it (waitForAnswered, waitForAnsweredOf).
   */
  noteAnsweredAhead(key: string, position: Position): void {
    this.answeredAhead.add(key, position, this.position);
    // Reads of it answer 503 while the runner waits out a failure's backoff (waitBeforeReading):
    // the store took this write, so it may well follow the log again now.
    this.runner?.restartNow();
  }

  /**
   * Read-your-writes for any read: undefined when the read model holds every write answered ahead
   * of it (no promise, no turn), else resolves once it does. A timeout is a ReadModelBehindError.
   */
  waitForAnswered(): Promise<void> | undefined {
    const start = this.waitForStart();
    if (start) return start.then(() => this.waitForAnswered());
    const pending = this.answeredAhead.pendingAll(this.position);
    return pending ? this.waitBeforeReading(pending) : undefined;
  }

  /** waitForAnswered for a read of one resource only (`key` as given to noteAnsweredAhead). */
  waitForAnsweredOf(key: string): Promise<void> | undefined {
    const start = this.waitForStart();
    if (start) return start.then(() => this.waitForAnsweredOf(key));
    const pending = this.answeredAhead.pendingFor(key, this.position);
    return pending ? this.waitBeforeReading(pending) : undefined;
  }

  /** Until the read model has reached the head found at start (see readingHeadAtStart). */
  private waitForStart(): Promise<void> | undefined {
    if (this.caughtUpWithStart) return undefined;
    const reading = this.readingHeadAtStart;
    if (reading) return reading.then(() => this.waitForStart());
    const head = this.headAtStart;
    const position = this.position;
    if (head && !(position && comparePositions(position, head) >= 0)) return this.waitBeforeReading(head);
    this.caughtUpWithStart = true;
    return undefined;
  }

  /** A lag or a failed read model: the read is not answered (503), rather than without the writes. */
  private async waitBeforeReading(position: Position): Promise<void> {
    // The store cannot be read (EventStoreDB down): the read model cannot catch up before it is
    // back, so the client hears it at once (as its write would) instead of after the timeout.
    // An append that goes through restarts the runner at once (noteAnsweredAhead).
    const runner = this.runner;
    if (runner?.restarting && runner.error instanceof EventStoreUnavailableError)
      throw new ReadModelBehindError(runner.error, 'reading');
    try {
      await this.waitFor(position);
    } catch (error) {
      throw new ReadModelBehindError(error instanceof Error ? error : new Error(String(error)), 'reading');
    }
  }

  /**
   * Resolves when other writers of the read model's file (process managers' checkpoints) may
   * write: at once, except while a rebuild swaps tables in on its own connection, whose write
   * lock they would otherwise wait on, holding the event loop.
   */
  async whenWritable(): Promise<void> {
    while (this.writesHeld) await this.writesHeld.released;
  }

  /**
   * Resolves once the read model holds everything the store held when this was called. Called
   * before deciding, so its timeout is a ReadModelBehindError: nothing was stored.
   */
  async waitForHead(): Promise<void> {
    try {
      await this.waitFor(await this.store.headPosition());
    } catch (error) {
      if (error instanceof ProjectionLagTimeoutError) throw new ReadModelBehindError(error);
      throw error;
    }
  }

  get position(): Position | null {
    return this.runner?.position ?? null;
  }

  get error(): Error | undefined {
    return this.runner?.error;
  }

  /**
   * True when the read model reaches the store's head of this moment within `withinMs`: under
   * steady writes it is always a few events behind the head, yet answers read-your-writes at once.
   * False when it is further behind (a replay, a stuck projection) or has failed.
   */
  async keepsUp(withinMs: number): Promise<boolean> {
    if (this.runner === undefined || this.runner.error !== undefined) return false;
    // Never rejects (it may settle after the race): a lag, a failure or a closed store is "no".
    const reached = this.waitFor(await this.store.headPosition(), withinMs).then(
      () => true,
      () => false,
    );
    // A wait held by a rebuild's swap outlasts its timeout (seconds): readiness answers anyway.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
    try {
      return await Promise.race([reached, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts a rebuild in the background; only one at a time. */
  rebuild(): ReadModelRebuild {
    const live = this.started();
    if (this.lastRebuild?.active)
      throw new DomainError(
        'read-model.rebuild-running',
        `rebuild ${this.lastRebuild.id} is still running; wait for it to finish`,
        'conflict',
      );
    const control: LiveReadModel = {
      file: this.db.name,
      pause: async () => {
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        this.writesHeld = { released, release };
        await live.pause();
        return live.position;
      },
      resume: () => {
        this.writesHeld?.release();
        this.writesHeld = undefined;
        live.start();
      },
    };
    const rebuild = new ReadModelRebuild(
      this.replaySources,
      control,
      path.join(this.config.dataDir, REBUILD_FILE),
    );
    this.lastRebuild = rebuild;
    rebuild.start();
    return rebuild;
  }

  async status(): Promise<ReadModelStatusView> {
    let head: Position | null = null;
    let storeError: string | undefined;
    try {
      head = await this.store.headPosition();
    } catch (error) {
      storeError = error instanceof Error ? error.message : String(error);
    }
    const kind = this.config.eventStore === 'sqlite' ? 'event-count' : 'log-offset';
    const runners: ProjectionRunnerView[] = [];
    if (this.runner) {
      const failed = this.runner.error ? (this.runner.restarting ? 'retrying' : 'failed') : undefined;
      const status: RunnerStatus = failed ?? (this.writesHeld ? 'paused' : 'running');
      runners.push(describeRunner(READ_MODEL_RUNNER, this.runner, status, head, kind));
    }
    const rebuild = this.lastRebuild;
    if (rebuild?.active) {
      const runner = rebuild.scratch.runner;
      const status: RunnerStatus = runner.error ? 'failed' : 'rebuilding';
      runners.push(describeRunner(`${READ_MODEL_RUNNER} (rebuild)`, runner, status, head, kind));
    }
    return {
      headPosition: head ? formatPosition(head) : null,
      ...(storeError ? { storeError } : {}),
      runners,
      processes: this.processes.map((progress) => describeProcess(progress(), head, kind)),
      rebuild: rebuild?.view() ?? null,
    };
  }

  async stop(): Promise<void> {
    await this.lastRebuild?.cancel();
    await this.runner?.stop();
    await this.writer?.close();
  }

  private startWriter(): ReadModelWriter | undefined {
    const modules = this.modules.filter((module): module is ProjectionModule => module !== undefined);
    // An in-memory database is this connection's alone.
    if (modules.length < this.factories.length || this.db.memory) return undefined;
    return ReadModelWriter.start(this.db.name, READ_MODEL_RUNNER, modules);
  }

  private started(): ProjectionRunner {
    if (!this.runner) throw new Error('read model not started');
    return this.runner;
  }
}
