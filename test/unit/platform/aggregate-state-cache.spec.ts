import { AggregateStateCache } from '../../../src/platform/es/aggregate-state-cache';

describe('AggregateStateCache', () => {
  const folder = {};

  it('answers a state only to the decider that folded it', () => {
    const cache = new AggregateStateCache();
    cache.set('s-1', folder, { n: 1 }, 3);
    expect(cache.get('s-1', folder)).toEqual({ state: { n: 1 }, revision: 3 });
    expect(cache.get('s-1', {})).toBeUndefined();
    expect(cache.get('s-2', folder)).toBeUndefined();
  });

  it('never goes back to an older revision of the same fold', () => {
    const cache = new AggregateStateCache();
    cache.set('s-1', folder, 'newer', 5);
    cache.set('s-1', folder, 'older', 4);
    expect(cache.get('s-1', folder)).toEqual({ state: 'newer', revision: 5 });
  });

  it('drops the oldest stream not used since it was stored, when full', () => {
    const cache = new AggregateStateCache(2);
    cache.set('a', folder, 'a', 0);
    cache.set('b', folder, 'b', 0);
    cache.get('a', folder);
    cache.set('c', folder, 'c', 0);
    expect(cache.get('b', folder)).toBeUndefined();
    expect(cache.get('a', folder)?.state).toBe('a');
    expect(cache.get('c', folder)?.state).toBe('c');
  });

  it('makes room a tenth at a time, oldest first, passing over the ones used again (once)', () => {
    const cache = new AggregateStateCache(20);
    for (let i = 0; i < 20; i++) cache.set(`s-${i}`, folder, i, 0);
    cache.get('s-0', folder);
    cache.set('s-20', folder, 20, 0);
    const kept = Array.from({ length: 21 }, (_, i) => `s-${i}`).filter((id) => cache.get(id, folder));
    // 21 over a capacity of 20: s-1 to s-3 go (one over, and a tenth); s-0 was used again.
    expect(kept).toEqual(['s-0', ...Array.from({ length: 17 }, (_, i) => `s-${i + 4}`)]);
  });

  it('updates a stream in place: a write neither moves it nor makes room', () => {
    const cache = new AggregateStateCache(2);
    cache.set('a', folder, 'a0', 0);
    cache.set('b', folder, 'b0', 0);
    cache.set('a', folder, 'a1', 1);
    expect(cache.get('a', folder)).toEqual({ state: 'a1', revision: 1 });
    expect(cache.get('b', folder)?.state).toBe('b0');
  });

  it('still makes room when every stream was used again: their marks are cleared on the first pass', () => {
    const cache = new AggregateStateCache(3);
    for (const id of ['a', 'b', 'c']) cache.set(id, folder, id, 0);
    for (const id of ['a', 'b', 'c']) cache.get(id, folder);
    cache.set('d', folder, 'd', 0);
    const kept = ['a', 'b', 'c', 'd'].filter((id) => cache.get(id, folder));
    expect(kept).toEqual(['b', 'c', 'd']);
  });

  it('gives a used stream one pass only: unused until the next eviction, it goes', () => {
    const cache = new AggregateStateCache(2);
    cache.set('a', folder, 'a', 0);
    cache.set('b', folder, 'b', 0);
    cache.get('a', folder);
    cache.set('c', folder, 'c', 0); // b goes; a's mark is cleared
    cache.set('d', folder, 'd', 0); // a, the oldest, unused since: goes
    expect(['a', 'b', 'c', 'd'].filter((id) => cache.get(id, folder))).toEqual(['c', 'd']);
  });
});
