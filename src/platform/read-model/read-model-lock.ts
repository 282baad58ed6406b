import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from 'better-sqlite3';
import { AppConfig } from '../config/app-config';
import { holdDataDirLock } from '../event-store/sqlite/data-dir-lock';
import { hasSqliteCode } from '../event-store/sqlite/sqlite-error';

/** Provider token: this process's hold on DATA_DIR with EventStoreDB (null with the embedded store). */
export const READ_MODEL_LOCK = Symbol('ReadModelLock');

/**
 * With EventStoreDB, DATA_DIR holds only the read model, the provisioning log and the admin key,
 * and nothing kept a second server from sharing them: two read-model runners and two sagas on one
 * read-model.db, and the one-process guarantee of TenantDecisionLock gone. The same lock as the
 * embedded store's takes DATA_DIR for this process (the embedded store takes it itself).
 */
export function holdReadModelLock(config: AppConfig): Database | null {
  if (config.eventStore !== 'eventstoredb') return null;
  const dir = path.resolve(config.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  try {
    return holdDataDirLock(dir);
  } catch (error) {
    if (hasSqliteCode(error, 'SQLITE_BUSY') || hasSqliteCode(error, 'SQLITE_LOCKED'))
      throw new Error(
        `DATA_DIR ${dir} is already in use by another process (another server on this read model?)`,
      );
    throw error;
  }
}
