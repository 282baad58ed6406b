import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decider } from '../../src/platform/es/decider';
import { EventSchemaRegistry } from '../../src/platform/es/event-schema-registry';
import { EventSourcedRepository } from '../../src/platform/es/event-sourced-repository';
import { uuidV7 } from '../../src/platform/es/uuid-v7';
import { SqliteEventStore } from '../../src/platform/event-store/sqlite';

type Added = { type: 'Added'; data: { n: number } };
let folded = 0;
const counter: Decider<{ add: number }, Added, number> = {
  initialState: 0,
  decide: (command) => [{ type: 'Added', data: { n: command.add } }],
  evolve: (state, event) => {
    folded++;
    return state + event.data.n;
  },
};
const context = { correlationId: 'c', causationId: null, actor: 'test' };
const metadata = {
  schemaVersion: 1,
  correlationId: 'c',
  causationId: null,
  actor: 'elsewhere',
  timestamp: 't',
};

describe('EventSourcedRepository over the SQLite store: loads after the cached state', () => {
  let dir: string;
  let store: SqliteEventStore;
  let repository: EventSourcedRepository;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repository-'));
    store = await SqliteEventStore.open(dir);
    repository = new EventSourcedRepository(store, new EventSchemaRegistry());
    folded = 0;
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('folds each event once across loads and executes', async () => {
    for (let i = 1; i <= 10; i++) await repository.execute('counter-1', counter, { add: i }, context);
    expect(folded).toBe(10);
    expect(await repository.load('counter-1', counter)).toEqual({ state: 55, revision: 9 });
    expect(folded).toBe(10);
  });

  it('still reads what was appended without the repository (another instance)', async () => {
    await repository.execute('counter-1', counter, { add: 1 }, context);
    await store.append('counter-1', [{ id: uuidV7(), type: 'Added', data: { n: 100 }, metadata }], 0);
    expect(await repository.load('counter-1', counter)).toEqual({ state: 101, revision: 1 });
    // A decision on a stale state would conflict; this one is taken on the state with both.
    const executed = await repository.execute('counter-1', counter, { add: 1000 }, context);
    expect(executed).toMatchObject({ state: 1101, revision: 2 });
  });

  it('does not reuse a state folded by another decider', async () => {
    await repository.execute('counter-1', counter, { add: 2 }, context);
    const events: number[] = [];
    const other = {
      initialState: 0,
      evolve: (state: number, event: Added) => (events.push(event.data.n), state),
    };
    await repository.load('counter-1', other);
    expect(events).toEqual([2]);
  });
});
