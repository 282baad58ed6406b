import { CommittedAppend, RecentCommits } from '../../../src/platform/event-store/sqlite/recent-commits';

/** An append of `count` events to `streamId` whose last event got `position` and `revision`. */
function committed(streamId: string, count: number, revision: number, position: number): CommittedAppend {
  const events = Array.from({ length: count }, (_, i) => ({
    id: `${streamId}-${revision - count + 1 + i}`,
    type: 'Happened',
    data: `{"n":${i}}`,
    metadata: '{}',
  }));
  return { append: { streamId, events, expected: 'any' }, revision, position };
}

describe('RecentCommits', () => {
  it('answers the rows after a position as the database would, positions and revisions per event', () => {
    const recent = new RecentCommits();
    recent.record([committed('a', 2, 1, 11), committed('b', 1, 0, 12)]);
    expect(recent.allAfter(9, 10)).toEqual([
      [10, 'a-0', 'a', 0, 'Happened', '{"n":0}', '{}'],
      [11, 'a-1', 'a', 1, 'Happened', '{"n":1}', '{}'],
      [12, 'b-0', 'b', 0, 'Happened', '{"n":0}', '{}'],
    ]);
    expect(recent.allAfter(10, 1)).toEqual([[11, 'a-1', 'a', 1, 'Happened', '{"n":1}', '{}']]);
    expect(recent.allAfter(12, 10)).toEqual([]);
  });

  it('knows nothing before its first row, nor anything before the first commit', () => {
    const recent = new RecentCommits();
    expect(recent.allAfter(0, 10)).toBeUndefined();
    recent.record([committed('a', 1, 0, 10)]);
    expect(recent.allAfter(8, 10)).toBeUndefined();
    expect(recent.allAfter(9, 10)).toHaveLength(1);
  });

  it('starts its window again after a gap in positions, so it never answers across one', () => {
    const recent = new RecentCommits();
    recent.record([committed('a', 1, 0, 10)]);
    recent.record([committed('b', 1, 0, 15)]);
    expect(recent.allAfter(9, 10)).toBeUndefined();
    expect(recent.allAfter(14, 10)?.map((row) => row[0])).toEqual([15]);
  });

  it('forgets everything on demand: reads go to the database again', () => {
    const recent = new RecentCommits();
    recent.record([committed('a', 1, 0, 10)]);
    recent.forget();
    expect(recent.allAfter(9, 10)).toBeUndefined();
    expect(recent.knownEmptyFrom('a', 1)).toBe(false);
  });

  it('keeps a bounded window of the newest rows', () => {
    const recent = new RecentCommits();
    for (let position = 1; position <= 5000; position++)
      recent.record([committed(`s${position}`, 1, 0, position)]);
    expect(recent.allAfter(0, 10)).toBeUndefined();
    expect(recent.allAfter(4990, 100)?.map((row) => row[0])).toEqual([
      4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000,
    ]);
  });

  it('knows the head revision of streams written lately, and nothing of the others', () => {
    const recent = new RecentCommits();
    recent.record([committed('a', 2, 1, 2)]);
    recent.record([committed('a', 1, 2, 3)]);
    expect(recent.knownEmptyFrom('a', 3)).toBe(true);
    expect(recent.knownEmptyFrom('a', 2)).toBe(false);
    expect(recent.knownEmptyFrom('never-written-here', 0)).toBe(false);
  });

  it('forgets the least recently written streams beyond its bound, never claiming a stale head', () => {
    const recent = new RecentCommits();
    recent.record([committed('first', 1, 0, 1)]);
    for (let i = 0; i < 10_000; i++) recent.record([committed(`s${i}`, 1, 0, i + 2)]);
    expect(recent.knownEmptyFrom('first', 1)).toBe(false);
    expect(recent.knownEmptyFrom('s9999', 1)).toBe(true);
  });
});
