import { cloneJson, jsonEquals } from '../../../../src/modules/provisioning/domain/patch/json';
import type { JsonObject } from '../../../../src/modules/provisioning/domain/patch/json';

describe('cloneJson', () => {
  const user: JsonObject = {
    id: 'u1',
    active: true,
    name: { givenName: 'Ada', familyName: null },
    emails: [{ type: 'work', value: 'ada@example.com', primary: true }, 'odd', 3, [1, [2]]],
  };

  it('copies every level: changing the copy leaves the original as it was', () => {
    const copy = cloneJson(user);
    expect(copy).toEqual(user);
    (copy.name as JsonObject).givenName = 'Grace';
    ((copy.emails as JsonObject[])[0] as JsonObject).value = 'grace@example.com';
    (copy.emails as unknown[]).push('more');
    expect((user.name as JsonObject).givenName).toBe('Ada');
    expect(((user.emails as JsonObject[])[0] as JsonObject).value).toBe('ada@example.com');
    expect(user.emails).toHaveLength(4);
  });

  it('returns scalars and null as they are', () => {
    expect(cloneJson('x')).toBe('x');
    expect(cloneJson(0)).toBe(0);
    expect(cloneJson(false)).toBe(false);
    expect(cloneJson(null)).toBeNull();
  });

  it('keeps a "__proto__" key of a parsed body as an own property, never as the prototype', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"polluted":true}}') as JsonObject;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['a', '__proto__']);
    expect(jsonEquals(copy, parsed)).toBe(true);
  });
});
