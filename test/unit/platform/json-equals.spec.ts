import { canonicalJson, jsonEquals } from '../../../src/platform/es/json-equals';

describe('jsonEquals', () => {
  it('compares objects deeply, whatever the order of their keys', () => {
    expect(jsonEquals({ a: 1, b: { c: [1, 'x', null] } }, { b: { c: [1, 'x', null] }, a: 1 })).toBe(true);
    expect(jsonEquals({ a: 1, b: { c: [1, 'x'] } }, { a: 1, b: { c: [1, 'y'] } })).toBe(false);
  });

  it('tells arrays from objects, order in arrays matters, and lengths and key sets must match', () => {
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
    expect(jsonEquals([1], { 0: 1 })).toBe(false);
    expect(jsonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEquals([1, 2], [1, 2, 3])).toBe(false);
  });

  it('treats a key holding undefined as absent, as the stored JSON does', () => {
    expect(jsonEquals({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEquals({ a: undefined }, { b: undefined })).toBe(true);
  });

  it('compares scalars strictly: null is not absent, "1" is not 1', () => {
    expect(jsonEquals(null, undefined)).toBe(false);
    expect(jsonEquals({ a: null }, {})).toBe(false);
    expect(jsonEquals('1', 1)).toBe(false);
    expect(jsonEquals(true, true)).toBe(true);
  });
});

describe('canonicalJson', () => {
  const values: unknown[] = [
    { a: 1, b: { c: [1, 'x', null] } },
    { b: { c: [1, 'x', null] }, a: 1 },
    { a: 1, b: { c: [1, 'y'] } },
    { a: 1, b: undefined },
    { a: 1 },
    { a: null },
    {},
    [1, 2],
    [2, 1],
    [1],
    { 0: 1 },
    [null],
    [undefined],
    null,
    '1',
    1,
    'a"b',
    { 'a"b': 1 },
    { type: 'work', value: 'x', primary: true },
    { primary: true, value: 'x', type: 'work' },
  ];

  it('is equal for two values exactly when jsonEquals says they are', () => {
    for (const a of values)
      for (const b of values)
        expect([a, b, canonicalJson(a) === canonicalJson(b)]).toEqual([a, b, jsonEquals(a, b)]);
  });
});
