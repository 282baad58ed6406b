import { ScimError } from '../../../src/modules/provisioning/domain/error/scim-error';
import {
  checkPreconditions,
  parsePreconditions,
} from '../../../src/modules/provisioning/domain/version/scim-preconditions';

const check = (headers: { 'if-match'?: string; 'if-none-match'?: string }, current: number) =>
  checkPreconditions(parsePreconditions(headers), current);
const refusal = (headers: { 'if-match'?: string; 'if-none-match'?: string }, current: number) => {
  try {
    check(headers, current);
  } catch (error) {
    return error as ScimError;
  }
  throw new Error('expected a 412');
};

describe('If-Match / If-None-Match (RFC 7232 3.1, 3.2) on a PUT, PATCH or DELETE', () => {
  it('no header: any version, nothing pinned', () => {
    expect(check({}, 4)).toBeUndefined();
    expect(check({ 'if-match': ' ', 'if-none-match': '' }, 4)).toBeUndefined();
  });

  it('If-Match: * accepts any version and pins nothing', () => {
    expect(check({ 'if-match': '*' }, 4)).toBeUndefined();
  });

  it('If-Match accepts when any listed tag is the current version, and pins it', () => {
    expect(check({ 'if-match': 'W/"4"' }, 4)).toBe(4);
    expect(check({ 'if-match': '"4"' }, 4)).toBe(4);
    expect(check({ 'if-match': 'W/"999", W/"0"' }, 0)).toBe(0);
    expect(check({ 'if-match': 'W/"1",W/"2" , "3"' }, 3)).toBe(3);
    expect(check({ 'if-match': '"xyz", W/"3"' }, 3)).toBe(3);
  });

  it('If-Match with no listed current version is 412, naming them', () => {
    expect(refusal({ 'if-match': 'W/"999", W/"0"' }, 2)).toMatchObject({
      status: 412,
      detail: 'the resource is at version W/"2", not W/"999", W/"0"',
    });
    expect(refusal({ 'if-match': 'W/"9"' }, 2).detail).toBe('the resource is at version W/"2", not W/"9"');
  });

  it('an If-Match that is no entity-tag list is 412', () => {
    expect(() => parsePreconditions({ 'if-match': 'soon' })).toThrow(ScimError);
    expect(() => parsePreconditions({ 'if-match': 'W/"1", 2' })).toThrow(/names no version/);
  });

  it('If-None-Match: * on an existing resource is 412', () => {
    expect(refusal({ 'if-none-match': '*' }, 0).status).toBe(412);
  });

  it('If-None-Match naming the current version is 412; other versions proceed, pinning nothing', () => {
    expect(refusal({ 'if-none-match': 'W/"0"' }, 0).status).toBe(412);
    expect(refusal({ 'if-none-match': 'W/"7", W/"3"' }, 3).status).toBe(412);
    expect(check({ 'if-none-match': 'W/"7", W/"3"' }, 4)).toBeUndefined();
  });

  it('an If-None-Match that names nothing (not an entity-tag) cannot fail: the write proceeds', () => {
    expect(check({ 'if-none-match': 'garbage' }, 4)).toBeUndefined();
    expect(check({ 'if-none-match': 'w/"4"' }, 4)).toBeUndefined();
    expect(refusal({ 'if-none-match': 'garbage, W/"4"' }, 4).status).toBe(412);
  });

  it('If-Match is evaluated first, and pins the version when both hold', () => {
    expect(refusal({ 'if-match': 'W/"1"', 'if-none-match': '*' }, 2).detail).toMatch(/not W\/"1"/);
    expect(check({ 'if-match': 'W/"2"', 'if-none-match': 'W/"1"' }, 2)).toBe(2);
  });
});
