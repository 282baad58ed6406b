import { ImportFileCheck } from '../../../src/modules/audit/domain/import-file-check';
import { ImportLineError, ImportedEvent } from '../../../src/modules/audit/domain/import-line';

let ids = 0;
function imported(position: string, stream: string, revision: number, id = `e-${++ids}`): ImportedEvent {
  const [commit, prepare = commit] = position.split(':');
  return {
    sourcePosition: { commit: BigInt(commit), prepare: BigInt(prepare) },
    stream,
    revision,
    event: {
      id,
      type: 'Happened',
      data: {},
      metadata: { schemaVersion: 1, correlationId: 'c', causationId: null, actor: 'admin', timestamp: 't' },
    },
  };
}

/** Checks the events in order (lines 1, 2, ...); answers the error of the first refused one. */
function run(events: ImportedEvent[], targetEmpty = true) {
  const check = new ImportFileCheck(targetEmpty);
  try {
    events.forEach((event, i) => check.check(event, i + 1));
    return { summary: check.summary() };
  } catch (error) {
    if (!(error instanceof ImportLineError)) throw error;
    return { error: error.message };
  }
}

describe('ImportFileCheck (pass 1 of an import)', () => {
  it('with the known event versions: refuses a type, or a version, this build does not read', () => {
    const known = new Map([['Happened', 2]]);
    const check = (type: string, schemaVersion: number) => {
      const event = imported('1', 'a', 0);
      const file = new ImportFileCheck(true, known);
      file.check(
        { ...event, event: { ...event.event, type, metadata: { ...event.event.metadata, schemaVersion } } },
        1,
      );
    };
    expect(() => check('Happened', 1)).not.toThrow();
    expect(() => check('Happened', 2)).not.toThrow();
    expect(() => check('Happened', 3)).toThrow(
      'line 1: Happened version 3 is newer than this build reads (2)',
    );
    expect(() => check('Unheard', 1)).toThrow('line 1: event type Unheard is unknown to this build');
  });

  it('accepts a log: interleaved streams, each from revision 0, positions increasing', () => {
    const result = run([
      imported('1', 'a', 0),
      imported('2', 'b', 0),
      imported('3', 'a', 1),
      imported('7', 'a', 2),
      imported('9', 'b', 1),
    ]);
    expect(result).toEqual({
      summary: {
        events: 5,
        first: { commit: 1n, prepare: 1n },
        last: { commit: 9n, prepare: 9n },
        firstContinued: null,
      },
    });
  });

  it('compares EventStoreDB positions by commit, then prepare', () => {
    expect(
      run([imported('10:8', 'a', 0), imported('10:9', 'a', 1), imported('12:11', 'b', 0)]),
    ).toHaveProperty('summary.events', 3);
    expect(run([imported('10:9', 'a', 0), imported('10:8', 'b', 0)]).error).toMatch(
      /^line 2: position 10:8 is not after 10:9 of the line before: the file is not in log order/,
    );
  });

  it('refuses positions that do not strictly increase', () => {
    expect(run([imported('1', 'a', 0), imported('3', 'b', 0), imported('2', 'a', 1)]).error).toBe(
      'line 3: position 2 is not after 3 of the line before: the file is not in log order',
    );
    expect(run([imported('1', 'a', 0), imported('1', 'b', 0)]).error).toMatch(
      /^line 2: position 1 is not after 1/,
    );
  });

  it("refuses a gap or a repeat in a stream's revisions", () => {
    expect(run([imported('1', 'a', 0), imported('2', 'b', 0), imported('3', 'a', 2)]).error).toBe(
      "line 3: stream a goes from revision 0 to 2: a stream's revisions must follow each other",
    );
    expect(run([imported('1', 'a', 0), imported('2', 'a', 0)]).error).toMatch(
      /^line 2: stream a goes from revision 0 to 0/,
    );
  });

  it('refuses the same events twice (an export appended again): the positions go back', () => {
    expect(
      run([imported('1', 'a', 0, 'x'), imported('2', 'b', 0, 'y'), imported('1', 'a', 0, 'x')]).error,
    ).toMatch(/^line 3: position 1 is not after 2/);
  });

  it('into an empty target, every stream must start at revision 0: the file continues an earlier export', () => {
    expect(run([imported('1', 'a', 0), imported('5', 'b', 4)]).error).toBe(
      'line 2: stream b starts at revision 4 and the target is empty: this file continues an earlier export; import that one first',
    );
  });

  it('into a target that holds events (--continue), a stream may start anywhere; the first one continued is noted', () => {
    const result = run(
      [imported('41', 'b', 0), imported('42', 'a', 7), imported('43', 'a', 8), imported('44', 'c', 2)],
      false,
    );
    expect(result.summary).toMatchObject({
      events: 4,
      firstContinued: { line: 2, stream: 'a', revision: 7 },
    });
  });

  it('an empty file spans nothing', () => {
    expect(run([])).toEqual({ summary: { events: 0, first: null, last: null, firstContinued: null } });
  });
});
