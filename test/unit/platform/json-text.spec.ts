import { InvalidJsonTextError, assertNoLoneSurrogates, utf8Text } from '../../../src/platform/http/json-text';

describe('request body text', () => {
  it('decodes UTF-8 and refuses other bytes', () => {
    expect(utf8Text(Buffer.from('{"a":"René 😀"}'))).toBe('{"a":"René 😀"}');
    expect(() => utf8Text(Buffer.from('{"a":"René"}', 'latin1'))).toThrow(InvalidJsonTextError);
    expect(() => utf8Text(Buffer.from([0x22, 0xf0, 0x9f, 0xa6, 0x22]))).toThrow(/not valid UTF-8/);
  });

  it('refuses a lone surrogate in a value or a key, at any depth; a pair is text', () => {
    const check = (text: string) => assertNoLoneSurrogates(text, JSON.parse(text));
    expect(() => check('{"a":["x",{"b":"\\ud800"}]}')).toThrow(/lone UTF-16 surrogate/);
    expect(() => check('{"\\udc00":1}')).toThrow(InvalidJsonTextError);
    expect(() => check('{"a":"\\udc00\\ud83d"}')).toThrow(InvalidJsonTextError);
    expect(() => check('{"a":"\\ud83d\\ude00","b":"\\u00e9"}')).not.toThrow();
  });
});
