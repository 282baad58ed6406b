import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { Position, comparePositions, formatPosition, parsePosition } from '../event-store/position';
import { PROCESS_CHECKPOINT_TABLE } from './process-manager-runner';
import { CHECKPOINT_TABLE } from './projection-runner';

const ORIGIN_TABLE = 'read_model_origin';

/** The read model's file and the event store do not belong together: the server must not start. */
export class ReadModelOriginError extends Error {}

/**
 * The read model (and the process managers' checkpoints in its file) is derived from one event
 * store, up to its checkpoints. Started on another store (EventStoreDB emptied or replaced), or
 * on one restored from an older backup, its runners would resume past events they never saw:
 * creates answered 404, reads of users the log does not hold. So at start: the store's first
 * event must be the one recorded when the read model was first built, and no checkpoint may be
 * past the store's head. Otherwise ReadModelOriginError says what to do.
 */
export async function checkReadModelOrigin(store: EventStore, db: Database, logger: Logger): Promise<void> {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${ORIGIN_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), event_id TEXT NOT NULL, position TEXT NOT NULL)`,
  );
  const recorded = db.prepare(`SELECT event_id, position FROM ${ORIGIN_TABLE} WHERE id = 1`).get() as
    { event_id: string; position: string } | undefined;
  const first = await firstEvent(store);
  const remedy =
    `If the event store was replaced or restored on purpose, stop the server and delete ${db.name} ` +
    '(and its -wal and -shm files): the read model is then rebuilt from the store at the next start. ' +
    'Otherwise, point the server at the store this read model was built from.';
  if (recorded && (first?.id !== recorded.event_id || formatPosition(first.position) !== recorded.position)) {
    const found = first ? `${first.id} at ${formatPosition(first.position)}` : 'none: the store is empty';
    throw new ReadModelOriginError(
      `the read model in ${db.name} was built from another event store: its first event was ` +
        `${recorded.event_id} at ${recorded.position}, this store's first event is ${found}. ${remedy}`,
    );
  }
  const checkpoints = storedCheckpoints(db);
  if (checkpoints.length > 0) {
    const head = await store.headPosition();
    const ahead = checkpoints.filter(([, position]) => head === null || comparePositions(position, head) > 0);
    if (ahead.length > 0) {
      const names = ahead.map(([name, position]) => `${name} at ${formatPosition(position)}`).join(', ');
      throw new ReadModelOriginError(
        `the read model in ${db.name} is ahead of the event store (${names}; the store ends at ` +
          `${head ? formatPosition(head) : 'nothing: it is empty'}): the store lost events it once held, ` +
          `e.g. restored from an older backup. ${remedy}`,
      );
    }
  }
  if (!recorded && first) record(db, first, logger);
}

/**
 * At a clean stop: records the origin of a read model first started on an empty store, so that
 * the next start checks it (at start there was no first event to record).
 */
export async function recordReadModelOrigin(store: EventStore, db: Database, logger: Logger): Promise<void> {
  const recorded = db.prepare(`SELECT 1 FROM ${ORIGIN_TABLE} WHERE id = 1`).get();
  if (recorded) return;
  const first = await firstEvent(store);
  if (first) record(db, first, logger);
}

function record(db: Database, first: RecordedEvent, logger: Logger): void {
  db.prepare(`INSERT INTO ${ORIGIN_TABLE} (id, event_id, position) VALUES (1, ?, ?)`).run(
    first.id,
    formatPosition(first.position),
  );
  logger.debug({ eventId: first.id }, 'read model origin recorded');
}

async function firstEvent(store: EventStore): Promise<RecordedEvent | undefined> {
  for await (const event of store.readAll({ maxCount: 1 })) return event;
  return undefined;
}

/** Every runner's checkpoint in the file (a table not made yet holds none). */
function storedCheckpoints(db: Database): [string, Position][] {
  const rows: { name: string; position: string | null }[] = [];
  for (const table of [CHECKPOINT_TABLE, PROCESS_CHECKPOINT_TABLE]) {
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
    if (exists) rows.push(...(db.prepare(`SELECT name, position FROM ${table}`).all() as typeof rows));
  }
  return rows.flatMap(({ name, position }) =>
    position ? [[name, parsePosition(position)] as [string, Position]] : [],
  );
}
