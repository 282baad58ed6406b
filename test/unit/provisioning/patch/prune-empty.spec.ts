import { pruneEmpty } from '../../../../src/modules/provisioning/domain/patch/json';
import type { JsonObject } from '../../../../src/modules/provisioning/domain/patch/json';

describe('pruneEmpty', () => {
  it('removes nulls, empty objects and empty arrays at every depth, and what they leave empty', () => {
    const document = JSON.parse(
      JSON.stringify({
        id: 'u1',
        nickName: null,
        name: { givenName: 'Ada', familyName: null },
        addresses: [{ locality: null }, {}],
        emails: [null, { value: 'ada@example.com', display: null }, [], { type: 'home', value: null }],
        nested: [[null, [{}]], 'kept'],
        enterprise: { manager: { value: null } },
      }),
    ) as JsonObject;
    expect(pruneEmpty(document)).toEqual({
      id: 'u1',
      name: { givenName: 'Ada' },
      emails: [{ value: 'ada@example.com' }, { type: 'home' }],
      nested: ['kept'],
    });
  });

  it('keeps the same objects and arrays where nothing is removed', () => {
    const emails = [{ value: 'ada@example.com' }, 'odd', 0, false, ''];
    const name = { givenName: 'Ada' };
    const document: JsonObject = { emails, name, active: false };
    const pruned = pruneEmpty(document);
    expect(pruned).toBe(document);
    expect(pruned.emails).toBe(emails);
    expect(pruned.name).toBe(name);
    expect(pruned).toEqual({
      emails: [{ value: 'ada@example.com' }, 'odd', 0, false, ''],
      name,
      active: false,
    });
  });

  it('keeps a "__proto__" key of a parsed body an own property when its value is pruned', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":[null,{"x":1}]}') as JsonObject;
    const pruned = pruneEmpty(parsed);
    expect(Object.getPrototypeOf(pruned)).toBe(Object.prototype);
    expect(Object.keys(pruned)).toEqual(['a', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(pruned, '__proto__')?.value).toEqual([{ x: 1 }]);
  });
});
