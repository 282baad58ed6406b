import { MAX_JSON_DEPTH, jsonDeeperThan } from '../../../src/platform/http/json-depth';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { a: value };
  return value;
};

describe('jsonDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    for (const scalar of [null, 1, 'x', true, undefined]) expect(jsonDeeperThan(scalar, 0)).toBe(false);
    expect(jsonDeeperThan({}, 0)).toBe(true);
    expect(jsonDeeperThan({}, 1)).toBe(false);
    expect(jsonDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonDeeperThan({ a: [{ b: 1 }] }, 2)).toBe(true);
  });

  it('finds the deep branch beside shallow ones', () => {
    expect(jsonDeeperThan({ a: 1, b: [1, 2], c: { d: nested(MAX_JSON_DEPTH) } }, MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDeeperThan([nested(MAX_JSON_DEPTH - 1), 'x'], MAX_JSON_DEPTH)).toBe(false);
  });

  it('accepts a SCIM user with its enterprise extension', () => {
    const user = {
      userName: 'a@b.c',
      emails: [{ type: 'work', value: 'a@b.c' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: { value: 'm' } },
    };
    expect(jsonDeeperThan(user, MAX_JSON_DEPTH)).toBe(false);
  });

  it('walks a body far deeper than the stack allows, without recursion', () => {
    const text = '{"a":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    expect(jsonDeeperThan(JSON.parse(text), MAX_JSON_DEPTH)).toBe(true);
  });
});
