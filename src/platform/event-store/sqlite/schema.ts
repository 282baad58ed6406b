import type { Database } from 'better-sqlite3';

/**
 * Ordered schema migrations; `PRAGMA user_version` records how many have run.
 * Append new steps, never edit a released one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     -- AUTOINCREMENT: a position is never reused, even if the last rows were ever removed.
     position  INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id  TEXT    NOT NULL,
     stream_id TEXT    NOT NULL,
     revision  INTEGER NOT NULL,
     type      TEXT    NOT NULL,
     data      TEXT    NOT NULL,
     metadata  TEXT    NOT NULL
   );
   CREATE UNIQUE INDEX events_by_id ON events (event_id);
   CREATE UNIQUE INDEX events_by_stream ON events (stream_id, revision);`,
  // The event version stamp (EventStore.readEventVersionStamp). As a schema step, it also makes
  // every build from before the stamp refuse this store: those cannot read the stamp.
  `CREATE TABLE event_versions (
     type    TEXT    PRIMARY KEY,
     version INTEGER NOT NULL
   ) WITHOUT ROWID;`,
];

/** Brings the schema up to date in one transaction (all steps or none). */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`schema version ${current} is newer than this build knows (${MIGRATIONS.length})`);
  }
  if (current === MIGRATIONS.length) return;
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    // PRAGMA takes no bound parameters; the value is an integer we control.
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
