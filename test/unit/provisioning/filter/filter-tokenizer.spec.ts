import { tokenizeFilter } from '../../../../src/modules/provisioning/domain/filter/filter.tokenizer';

describe('tokenizeFilter', () => {
  it('numbers as JSON numbers', () => {
    const tokens = tokenizeFilter('x gt -1.5e3 and y lt 0 and z eq 42');
    expect(tokens.filter((t) => t.kind === 'number').map((t) => (t.kind === 'number' ? t.value : 0))).toEqual(
      [-1500, 0, 42],
    );
  });

  it('URN paths, $ref and the sub-attribute after "]" are words', () => {
    const words = tokenizeFilter(
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value pr and members[$ref pr].value pr',
    )
      .filter((t) => t.kind === 'word')
      .map((t) => (t.kind === 'word' ? t.text : ''));
    expect(words).toEqual([
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
      'pr',
      'and',
      'members',
      '$ref',
      'pr',
      '.value',
      'pr',
    ]);
  });

  it('positions are 0-based offsets', () => {
    expect(tokenizeFilter('a eq "x"').map((t) => [t.kind, t.start, t.end])).toEqual([
      ['word', 0, 1],
      ['word', 2, 4],
      ['string', 5, 8],
      ['end', 8, 8],
    ]);
  });

  it('a string keeps unicode and decodes \\u escapes', () => {
    expect(tokenizeFilter('"Zoë \\u00e9\\u20AC"')[0]).toMatchObject({ kind: 'string', value: 'Zoë é€' });
  });
});
