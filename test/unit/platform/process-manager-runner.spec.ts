import pino from 'pino';
import { EventSchemaRegistry } from '../../../src/platform/es/event-schema-registry';
import { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { newEvent } from '../../contract/event-store.contract';
import {
  ProcessManager,
  ProcessManagerRunner,
} from '../../../src/platform/read-model/process-manager-runner';
import { ReadModel } from '../../../src/platform/read-model/read-model.service';
import { ProcessManagerProgress } from '../../../src/platform/read-model/read-model-status';
import { formatPosition } from '../../../src/platform/event-store/position';
import { StoreAndReadModel, openStoreAndReadModel } from '../../support/store-and-read-model';
import { until } from '../../support/until';

/** The read model as the runner sees it: its waits fail `failures` times first (a restarting runner). */
function flakyReadModel(failures: number): ReadModel {
  let left = failures;
  const fail = () => {
    if (left-- > 0) return Promise.reject(new Error('read model interrupted (disk full)'));
    return Promise.resolve();
  };
  return {
    waitFor: fail,
    whenWritable: () => Promise.resolve(),
    registerProcess: (progress: () => ProcessManagerProgress) => {
      reported = progress;
    },
  } as unknown as ReadModel;
}

/** What the runner last registered with the read model (GET /admin/v1/projections shows it). */
let reported: (() => ProcessManagerProgress) | undefined;

describe('ProcessManagerRunner', () => {
  let files: StoreAndReadModel;
  beforeEach(async () => {
    files = await openStoreAndReadModel('pm-runner-');
  });
  afterEach(() => files.close());

  it('waits out a read model that cannot be waited for yet, then handles each event and saves its checkpoint', async () => {
    // It used to end the process manager until the next start.
    const { store, db } = files;
    const event = (type: string) => newEvent({ type });
    await store.append('s', [event('Wanted'), event('Ignored'), event('Wanted')], 'any');
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
    // While the read model's waits fail, it says so; then it runs on.
    await until(() => reported?.().status === 'retrying', 5_000);
    expect(reported?.().lastError).toMatch(/disk full/);
    await until(() => handled.length === 2, 10_000);
    expect(reported?.()).toMatchObject({ name: 'test-process', status: 'running', lastError: null });
    expect(formatPosition(reported!().position!)).toBe('3');
    await runner.stop();
    const checkpoint = db
      .prepare('SELECT position FROM process_checkpoint WHERE name = ?')
      .pluck()
      .get('test-process');
    expect(checkpoint).toBe('3');
  }, 15_000);
});
