import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { NewEvent, RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { SqliteEventStore } from '../../../src/platform/event-store/sqlite';
import {
  ProcessManager,
  ProcessManagerRunner,
} from '../../../src/platform/read-model/process-manager-runner';
import { ReadModel } from '../../../src/platform/read-model/read-model.service';
import { until } from '../../support/until';

const newEvent = (type: string): NewEvent => ({
  id: randomUUID(),
  type,
  data: {},
  metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'test', timestamp: '' },
});

/** The read model as the runner sees it: its waits fail `failures` times first (a restarting runner). */
function flakyReadModel(failures: number): ReadModel {
  let left = failures;
  const fail = () => {
    if (left-- > 0) return Promise.reject(new Error('read model interrupted (disk full)'));
    return Promise.resolve();
  };
  return { waitFor: fail, whenWritable: () => Promise.resolve() } as unknown as ReadModel;
}

describe('ProcessManagerRunner', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: Database.Database;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-runner-'));
    store = await SqliteEventStore.open(dir);
    db = new Database(path.join(dir, 'read-model.db'));
  });
  afterEach(async () => {
    db.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('waits out a read model that cannot be waited for yet, then handles each event and saves its checkpoint', async () => {
    // It used to end the process manager until the next start.
    await store.append('s', [newEvent('Wanted'), newEvent('Ignored'), newEvent('Wanted')], 'any');
    const handled: string[] = [];
    const process: ProcessManager = {
      name: 'test-process',
      wants: (event: RecordedEvent) => event.type === 'Wanted',
      handle: async (event: RecordedEvent) => {
        handled.push(event.id);
      },
    };
    const runner = new ProcessManagerRunner(
      process,
      store,
      db,
      flakyReadModel(2),
      new EventSchemaRegistry(),
      pino({ level: 'silent' }),
    );
    runner.start();
    await until(() => handled.length === 2, 10_000);
    await runner.stop();
    const checkpoint = db
      .prepare('SELECT position FROM process_checkpoint WHERE name = ?')
      .pluck()
      .get('test-process');
    expect(checkpoint).toBe('3');
  }, 15_000);
});
