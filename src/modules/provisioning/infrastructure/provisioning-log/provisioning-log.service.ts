import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../../../../platform/config/app-config';
import { LOGGER } from '../../../../platform/logging/logger';
import { openProvisioningLogDatabase } from './provisioning-log.database';
import { ProvisioningLogEntry } from './provisioning-log.entry';
import { ProvisioningLogPage, ProvisioningLogQuery, readProvisioningLog } from './provisioning-log.reader';
import { DAY_MS, purgeProvisioningLog } from './provisioning-log.retention';
import { ProvisioningLogWriter } from './provisioning-log.writer';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** The SCIM requests of every subscription, kept PROVISIONING_LOG_RETENTION_DAYS days. */
@Injectable()
export class ProvisioningLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly db: Database;
  private readonly writer: ProvisioningLogWriter;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.db = openProvisioningLogDatabase(config.dataDir);
    this.writer = new ProvisioningLogWriter(this.db, logger);
  }

  record(entry: ProvisioningLogEntry): void {
    this.writer.record(entry);
  }

  query(query: ProvisioningLogQuery): ProvisioningLogPage {
    // A support engineer looking right after a request expects to find it.
    this.writer.flush();
    return readProvisioningLog(this.db, query);
  }

  /** Deletes the entries older than the retention; returns how many. */
  purge(now = Date.now()): Promise<number> {
    return purgeProvisioningLog(this.db, now - this.config.provisioningLogRetentionDays * DAY_MS);
  }

  onApplicationBootstrap(): void {
    if (this.config.offline) return;
    this.purgeInBackground();
    this.purgeTimer = setInterval(() => this.purgeInBackground(), PURGE_EVERY_MS).unref();
  }

  /** After HTTP has closed (Nest closes it before this hook): the last requests are in the buffer. */
  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
    this.writer.flush();
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
