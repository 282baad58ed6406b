import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';

/** A SQLite event store and a read-model file in a fresh temporary folder, for the runners' tests. */
export interface StoreAndReadModel {
  dir: string;
  store: SqliteEventStore;
  db: Database.Database;
  close(): Promise<void>;
}

export async function openStoreAndReadModel(prefix: string): Promise<StoreAndReadModel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const store = await SqliteEventStore.open(dir);
  const db = new Database(path.join(dir, 'read-model.db'));
  return {
    dir,
    store,
    db,
    async close() {
      db.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
