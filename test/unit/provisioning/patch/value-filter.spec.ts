import { matchesValueFilter } from '../../../../src/modules/provisioning/domain/patch/filter/value-filter.evaluator';
import {
  eqConjunctionValues,
  eqDisjunctionValues,
} from '../../../../src/modules/provisioning/domain/patch/filter/value-filter.equalities';
import { parseValueFilter } from '../../../../src/modules/provisioning/domain/patch/filter/value-filter.parser';
import { USER_SCHEMA } from '../../../../src/modules/provisioning/domain/schema/scim-schemas';
import { expectScimError } from './patch-fixtures';

const emails = USER_SCHEMA.attributes.find((a) => a.name === 'emails')!;
const resolve = (name: string) =>
  emails.subAttributes!.find((a) => a.name.toLowerCase() === name.toLowerCase());
const parse = (text: string) => parseValueFilter(text, resolve);
const work = { value: 'Alice@Contoso.com', type: 'work', primary: true };
const matches = (text: string, element = work) => matchesValueFilter(parse(text), element);

describe('value filters inside PATCH paths', () => {
  it.each([
    ['type eq "work"', true],
    ['type eq "WORK"', true], // caseExact=false
    ['type ne "work"', false],
    ['value co "@contoso"', true],
    ['value sw "alice"', true],
    ['value ew ".COM"', true],
    ['value gt "a"', true],
    ['value lt "a"', false],
    ['value ge "alice@contoso.com"', true],
    ['value le "alice@contoso.com"', true],
    ['primary eq true', true],
    ['primary eq "True"', true],
    ['display pr', false],
    ['type pr', true],
    ['display eq null', true],
    ['display ne "x"', true],
    ['type eq "work" and primary eq true', true],
    ['type eq "home" or primary eq true', true],
    ['not (type eq "work")', false],
    ['(type eq "home" or type eq "work") and not (value ew ".org")', true],
    ['TYPE EQ "work" AND Primary Eq TRUE', true],
    ['type eq "a \\"quoted\\" ]"', false],
  ])('%s -> %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it('binds "and" tighter than "or"', () => {
    expect(matches('type eq "home" and primary eq false or type eq "work"')).toBe(true);
    expect(matches('type eq "work" or type eq "x" and primary eq false')).toBe(true);
  });

  it.each([
    'type eq',
    'type "work"',
    'type eq "work" and',
    '(type eq "work"',
    'type eq "work")',
    'type eq work',
  ])('rejects the malformed filter %s (invalidPath)', (text) => {
    expectScimError(() => parse(text), 'invalidPath');
  });

  it('extracts the values an eq conjunction pins down', () => {
    expect(eqConjunctionValues(parse('type eq "work" and primary eq true'))).toEqual({
      type: 'work',
      primary: true,
    });
    expect(eqConjunctionValues(parse('type eq "work" or type eq "home"'))).toBeUndefined();
    expect(eqConjunctionValues(parse('type eq "a" and type eq "b"'))).toBeUndefined();
    expect(eqConjunctionValues(parse('type co "w"'))).toBeUndefined();
  });

  it('extracts the ids an or of value eq comparisons selects', () => {
    expect(eqDisjunctionValues(parse('value eq "a" or value eq "b"'), 'value')).toEqual(['a', 'b']);
    expect(eqDisjunctionValues(parse('value eq "a" and type eq "work"'), 'value')).toBeUndefined();
  });
});
