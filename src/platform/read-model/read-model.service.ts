import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { EVENT_STORE, EventStore } from '../event-store/event-store.port';
import { Position } from '../event-store/position';
import { EventSchemaRegistry } from '../es/event-schema-registry';
import { LOGGER } from '../logging/logger';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { READ_MODEL_DB } from './read-model-database';

/**
 * The read model: modules register their projections while the app initialises; one runner
 * then feeds them all from $all once the app has bootstrapped.
 */
@Injectable()
export class ReadModel {
  private readonly projections: Projection[] = [];
  private runner: ProjectionRunner | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) readonly db: Database,
    private readonly schemas: EventSchemaRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  register(projection: Projection): void {
    if (this.runner) throw new Error(`projection ${projection.name} registered after the read model started`);
    this.projections.push(projection);
  }

  start(): void {
    this.runner = new ProjectionRunner(
      'read-model',
      this.store,
      this.db,
      this.projections,
      this.schemas,
      this.logger,
    );
    this.runner.start();
  }

  /** Read-your-writes: resolves once the read model includes `position`. */
  async waitFor(position: Position | null, timeoutMs?: number): Promise<void> {
    if (position) await this.started().waitFor(position, timeoutMs);
  }

  /** Resolves once the read model holds everything the store held when this was called. */
  async waitForHead(): Promise<void> {
    await this.waitFor(await this.store.headPosition());
  }

  get position(): Position | null {
    return this.runner?.position ?? null;
  }

  get error(): Error | undefined {
    return this.runner?.error;
  }

  async isCaughtUp(): Promise<boolean> {
    return this.runner !== undefined && this.runner.error === undefined && (await this.runner.isCaughtUp());
  }

  async stop(): Promise<void> {
    await this.runner?.stop();
  }

  private started(): ProjectionRunner {
    if (!this.runner) throw new Error('read model not started');
    return this.runner;
  }
}
