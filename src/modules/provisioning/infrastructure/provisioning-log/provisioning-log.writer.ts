import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { Logger } from 'pino';
import { ProvisioningLogEntry } from './provisioning-log.entry';

const FLUSH_AFTER_MS = 100;
const FLUSH_AT_ROWS = 500;

/**
 * Buffers entries and writes them in one transaction every ~100 ms or 500 rows, off the request
 * path. A failed write is logged and dropped: the log must never break or slow SCIM.
 */
export class ProvisioningLogWriter {
  private buffer: ProvisioningLogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private readonly insert: Statement;
  private readonly insertAll: Transaction<(entries: ProvisioningLogEntry[]) => void>;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {
    this.insert = db.prepare(
      `INSERT INTO provisioning_log (at, subscription, token_id, method, path, filter, resource_type,
         resource_id, status, scim_type, detail, duration_ms, correlation_id)
       VALUES (@at, @subscription, @tokenId, @method, @path, @filter, @resourceType,
         @resourceId, @status, @scimType, @detail, @durationMs, @correlationId)`,
    );
    this.insertAll = db.transaction((entries: ProvisioningLogEntry[]) => {
      for (const entry of entries) this.insert.run(entry);
    });
  }

  record(entry: ProvisioningLogEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length >= FLUSH_AT_ROWS) this.immediate ??= setImmediate(() => this.flush());
    // unref: a pending flush never keeps the process alive; close() flushes what is left.
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS).unref();
  }

  flush(): void {
    clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (this.buffer.length === 0 || !this.db.open) return;
    const entries = this.buffer;
    this.buffer = [];
    try {
      this.insertAll(entries);
    } catch (error) {
      this.logger.error(
        { err: error, entries: entries.length },
        'provisioning log write failed; entries dropped',
      );
    }
  }
}
