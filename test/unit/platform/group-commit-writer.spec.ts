import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
} from '../../../src/platform/event-store/event-store.errors';
import { NewEvent } from '../../../src/platform/event-store/event-store.port';
import { DuplicateEventIdError } from '../../../src/platform/event-store/sqlite';
import { GroupCommitWriter, GroupWriter } from '../../../src/platform/event-store/sqlite/group-commit-writer';
import { WireItem, WireOutcome } from '../../../src/platform/event-store/sqlite/writer-thread/wire';

/** A writer thread that answers when told to, and records the groups it was given. */
class ControlledThread implements GroupWriter {
  readonly groups: WireItem[][] = [];
  private answers: { outcomes: (batch: WireItem[]) => WireOutcome[]; fail?: Error }[] = [];
  private pending: {
    batch: WireItem[];
    resolve: (o: WireOutcome[]) => void;
    reject: (e: Error) => void;
  }[] = [];

  write(batch: WireItem[]): Promise<WireOutcome[]> {
    this.groups.push(batch);
    return new Promise((resolve, reject) => this.pending.push({ batch, resolve, reject }));
  }

  /** Answers the oldest group in flight: every append stored, or as `outcomes` says. */
  answer(outcomes?: (batch: WireItem[]) => WireOutcome[], fail?: Error): void {
    this.answers.push({ outcomes: outcomes ?? storedAll, fail });
    const next = this.pending.shift();
    const answer = this.answers.shift();
    if (!next || !answer) throw new Error('no group in flight');
    if (answer.fail) next.reject(answer.fail);
    else next.resolve(answer.outcomes(next.batch));
  }
}

const storedAll = (batch: WireItem[]): WireOutcome[] =>
  batch.map((item, i) => ({
    ok: true,
    appended: item.map(() => ({ revision: 0, position: i + 1, written: true })),
  }));

const storedOne = (revision: number, position: number, written = true): WireOutcome => ({
  ok: true,
  appended: [{ revision, position, written }],
});

const event = (id: string, data = { n: 1 }): NewEvent => ({
  id,
  type: 'Happened',
  data,
  metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'test', timestamp: 't' },
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitWriter', () => {
  it('sends the appends of one turn as one group, two groups at most in flight, the rest queued', async () => {
    const thread = new ControlledThread();
    let commits = 0;
    const writer = new GroupCommitWriter(thread, () => commits++);
    const streamsOf = () => thread.groups.map((group) => group.map(([append]) => append.streamId));
    const first = [
      writer.append('s-1', [event('a')], 'no_stream'),
      writer.append('s-2', [event('b')], 'any'),
    ];
    await turn();
    const second = writer.append('s-3', [event('c')], 'any');
    await turn();
    const queued = [writer.append('s-4', [event('d')], 'any'), writer.append('s-5', [event('e')], 'any')];
    await turn();
    expect(streamsOf()).toEqual([['s-1', 's-2'], ['s-3']]);

    thread.answer();
    await Promise.all(first);
    await turn();
    expect(streamsOf()).toEqual([['s-1', 's-2'], ['s-3'], ['s-4', 's-5']]);
    thread.answer();
    thread.answer();
    await expect(Promise.all([second, ...queued])).resolves.toEqual([
      { nextExpectedRevision: 0, position: { commit: 1n, prepare: 1n } },
      { nextExpectedRevision: 0, position: { commit: 1n, prepare: 1n } },
      { nextExpectedRevision: 0, position: { commit: 2n, prepare: 2n } },
    ]);
    expect(commits).toBe(3);
  });

  it('reports the appends a commit stored before their callers resume, leaving out answers to retries', async () => {
    const thread = new ControlledThread();
    const reported: string[][] = [];
    const resumed: string[] = [];
    const writer = new GroupCommitWriter(thread, (committed) =>
      reported.push(committed.map((c) => `${c.append.streamId}@${c.position}/${c.revision}`)),
    );
    const appends = [
      writer
        .append('s-1', [event('a'), event('b')], 'no_stream')
        .then(() => resumed.push(`s-1 after ${reported.length}`)),
      writer.append('s-2', [event('c')], 'any').then(() => resumed.push(`s-2 after ${reported.length}`)),
      writer.append('s-3', [event('d')], 'any'),
    ];
    await turn();
    thread.answer(() => [
      storedOne(1, 8),
      storedOne(0, 3, false),
      { ok: false, error: { kind: 'wrong-revision', streamId: 's-3', expected: 0, actual: 1 } },
    ]);
    await Promise.allSettled(appends);
    expect(reported).toEqual([['s-1@8/1']]);
    expect(resumed).toEqual(['s-1 after 1', 's-2 after 1']);
  });

  it('sends an atomic append as one item, reports its parts in order and answers every part', async () => {
    const thread = new ControlledThread();
    const reported: string[][] = [];
    const writer = new GroupCommitWriter(thread, (committed) =>
      reported.push(committed.map((c) => `${c.append.streamId}@${c.position}/${c.revision}`)),
    );
    const both = writer.appendAtomically([
      { streamId: 'reservation', events: [event('a')], expected: 'no_stream' },
      { streamId: 'user', events: [event('b'), event('c')], expected: 'no_stream' },
    ]);
    const alone = writer.append('s-3', [event('d')], 'any');
    await turn();
    expect(thread.groups).toHaveLength(1);
    expect(thread.groups[0].map((item) => item.map((append) => append.streamId))).toEqual([
      ['reservation', 'user'],
      ['s-3'],
    ]);
    thread.answer(() => [
      {
        ok: true,
        appended: [
          { revision: 0, position: 4, written: true },
          { revision: 1, position: 6, written: true },
        ],
      },
      storedOne(2, 7),
    ]);
    await expect(both).resolves.toEqual([
      { nextExpectedRevision: 0, position: { commit: 4n, prepare: 4n } },
      { nextExpectedRevision: 1, position: { commit: 6n, prepare: 6n } },
    ]);
    await alone;
    expect(reported).toEqual([['reservation@4/0', 'user@6/1', 's-3@7/2']]);
  });

  it('serializes an append when it is queued, so the caller may change its objects after', async () => {
    const thread = new ControlledThread();
    const writer = new GroupCommitWriter(thread, () => undefined);
    const data = { n: 1 };
    const done = writer.append('s-1', [event('a', data)], 'any');
    data.n = 2;
    await turn();
    thread.answer();
    await done;
    expect(JSON.parse(thread.groups[0][0][0].events[0].data)).toEqual({ n: 1 });
  });

  it("gives each append its own outcome, as the store's typed errors", async () => {
    const thread = new ControlledThread();
    let commits = 0;
    const writer = new GroupCommitWriter(thread, () => commits++);
    const appends = [
      writer.append('s-1', [event('a')], 'no_stream'),
      writer.append('s-2', [event('b')], 3),
      writer.append('s-3', [event('c')], 'any'),
      writer.append('s-4', [event('d')], 'any'),
    ];
    await turn();
    thread.answer(() => [
      storedOne(0, 7),
      { ok: false, error: { kind: 'wrong-revision', streamId: 's-2', expected: 3, actual: 1 } },
      {
        ok: false,
        error: { kind: 'duplicate-id', streamId: 's-3', eventId: 'c', detail: 'stored elsewhere' },
      },
      { ok: false, error: { kind: 'unavailable', message: 'disk full' } },
    ]);
    const [stored, wrong, duplicate, unavailable] = await Promise.allSettled(appends);
    expect(stored).toEqual({
      status: 'fulfilled',
      value: { nextExpectedRevision: 0, position: { commit: 7n, prepare: 7n } },
    });
    const reasonOf = (result: PromiseSettledResult<unknown>) =>
      result.status === 'rejected' ? (result.reason as Error) : undefined;
    expect(reasonOf(wrong)).toBeInstanceOf(WrongExpectedRevisionError);
    expect(reasonOf(wrong)).toMatchObject({ streamId: 's-2', expected: 3, actual: 1 });
    expect(reasonOf(duplicate)).toBeInstanceOf(DuplicateEventIdError);
    expect(reasonOf(duplicate)?.message).toContain('stored elsewhere');
    expect(reasonOf(unavailable)).toBeInstanceOf(EventStoreUnavailableError);
    expect(commits).toBe(1);
  });

  it('refuses the whole group when the writer thread fails, and carries on with the next', async () => {
    const thread = new ControlledThread();
    let commits = 0;
    const writer = new GroupCommitWriter(thread, () => commits++);
    const lost = writer.append('s-1', [event('a')], 'any');
    await turn();
    const next = writer.append('s-2', [event('b')], 'any');
    thread.answer(undefined, new Error('thread crashed'));
    await expect(lost).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(lost).rejects.toThrow(/thread crashed/);
    expect(commits).toBe(0);
    await turn();
    thread.answer();
    await expect(next).resolves.toMatchObject({ nextExpectedRevision: 0 });
  });

  it('close() waits for queued and in-flight appends, then refuses new ones', async () => {
    const thread = new ControlledThread();
    const writer = new GroupCommitWriter(thread, () => undefined);
    const inFlight = [writer.append('s-1', [event('a')], 'any')];
    await turn();
    inFlight.push(writer.append('s-2', [event('b')], 'any'));
    await turn();
    const queued = writer.append('s-3', [event('c')], 'any');
    let closed = false;
    const closing = writer.close().then(() => (closed = true));
    await expect(writer.append('s-4', [event('d')], 'any')).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    thread.answer();
    thread.answer();
    await Promise.all(inFlight);
    await turn();
    expect(closed).toBe(false);
    thread.answer();
    await Promise.all([queued, closing]);
    expect(closed).toBe(true);
  });
});
