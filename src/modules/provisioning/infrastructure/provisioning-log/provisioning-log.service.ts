import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../../../../platform/config/app-config';
import { LOGGER } from '../../../../platform/logging/logger';
import { openProvisioningLogDatabase, provisioningLogFile } from './provisioning-log.database';
import { ProvisioningLogEntry } from './provisioning-log.entry';
import { ProvisioningLogPage, ProvisioningLogQuery, readProvisioningLog } from './provisioning-log.reader';
import { ProvisioningLogWriter } from './provisioning-log.writer';

const DAY_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * The SCIM requests of every subscription, kept PROVISIONING_LOG_RETENTION_DAYS days. Written by
 * a worker thread (off the event loop), read here on a connection of its own (WAL: readers and
 * the writer do not wait for each other).
 */
@Injectable()
export class ProvisioningLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly db: Database;
  private readonly writer: ProvisioningLogWriter;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const file = provisioningLogFile(config.dataDir);
    this.db = openProvisioningLogDatabase(file, ({ movedTo, reason }) =>
      logger.error(
        { file, movedTo, reason },
        `${file} is not a readable database (${reason}): moved to ${movedTo}; the provisioning log starts empty`,
      ),
    );
    this.writer = new ProvisioningLogWriter(file, logger);
  }

  record(entry: ProvisioningLogEntry): void {
    this.writer.record(entry);
  }

  async query(query: ProvisioningLogQuery, now = Date.now()): Promise<ProvisioningLogPage> {
    // A support engineer looking right after a request expects to find it.
    await this.writer.sync();
    // Past the retention an entry is gone, whether or not the hourly purge has deleted it yet.
    const kept = this.retainedFrom(now);
    return readProvisioningLog(this.db, { ...query, from: Math.max(query.from ?? kept, kept) });
  }

  /** Deletes the entries older than the retention; resolves with how many. */
  purge(now = Date.now()): Promise<number> {
    return this.writer.purge(this.retainedFrom(now));
  }

  /** Epoch ms of the oldest entry kept. */
  private retainedFrom(now: number): number {
    return now - this.config.provisioningLogRetentionDays * DAY_MS;
  }

  onApplicationBootstrap(): void {
    if (this.config.offline) return;
    this.purgeInBackground();
    this.purgeTimer = setInterval(() => this.purgeInBackground(), PURGE_EVERY_MS).unref();
  }

  /** After HTTP has closed (Nest closes it before this hook): the last requests are in the buffer. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.writer.close();
    this.db.close();
  }

  private purgeInBackground(): void {
    this.purge().then(
      (deleted) => {
        if (deleted > 0) this.logger.info({ deleted }, 'provisioning log: old entries deleted');
      },
      (error: unknown) => this.logger.error({ err: error }, 'provisioning log purge failed'),
    );
  }
}
