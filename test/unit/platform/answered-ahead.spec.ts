import { AnsweredAhead } from '../../../src/platform/read-model/answered-ahead';
import { Position } from '../../../src/platform/event-store/position';

const at = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('AnsweredAhead: the writes answered before the read model holds them', () => {
  it('a read of one key waits for that key only, until the read model holds it', () => {
    const ahead = new AnsweredAhead();
    ahead.add('users/a', at(10), at(5));
    ahead.add('users/b', at(12), at(5));
    expect(ahead.pendingFor('users/a', at(5))).toEqual(at(10));
    expect(ahead.pendingFor('users/c', at(5))).toBeNull();
    expect(ahead.pendingFor('users/a', at(10))).toBeNull();
    expect(ahead.pendingFor('users/b', at(11))).toEqual(at(12));
  });

  it('any other read waits for the last write answered, then nothing is pending', () => {
    const ahead = new AnsweredAhead();
    expect(ahead.pendingAll(null)).toBeNull();
    ahead.add('users/a', at(10), null);
    ahead.add('users/b', at(8), null);
    expect(ahead.pendingAll(null)).toEqual(at(10));
    expect(ahead.pendingAll(at(9))).toEqual(at(10));
    expect(ahead.pendingAll(at(10))).toBeNull();
    expect(ahead.pendingFor('users/b', null)).toBeNull();
  });

  it('keeps a key at its last write', () => {
    const ahead = new AnsweredAhead();
    ahead.add('users/a', at(10), null);
    ahead.add('users/a', at(20), at(9));
    expect(ahead.pendingFor('users/a', at(15))).toEqual(at(20));
  });

  it('forgets the keys the read model holds as they pile up (a create each, never read again)', () => {
    const ahead = new AnsweredAhead();
    for (let i = 1; i <= 10_000; i++) ahead.add(`users/${i}`, at(i), at(i - 2));
    // Swept at each doubling: what is left is at most the unswept tail since the last sweep.
    const size = (ahead as unknown as { keys: Map<string, Position> }).keys.size;
    expect(size).toBeLessThan(8192);
    expect(ahead.pendingFor('users/10000', at(9998))).toEqual(at(10000));
    expect(ahead.pendingFor('users/9999', at(9998))).toEqual(at(9999));
  });
});
