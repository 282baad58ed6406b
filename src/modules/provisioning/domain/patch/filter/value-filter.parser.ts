import { JsonValue } from '../json';
import { ScimPatchError } from '../scim-patch.error';
import { CompareOperator, SubAttributeResolver, ValueFilter } from './value-filter.types';
import { FilterToken, tokenizeFilter } from './value-filter.tokenizer';

const OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * Parses the RFC 7644 filter grammar used inside a value path (attrExp, and/or/not, parentheses;
 * no nested value paths). Operators and keywords are case-insensitive; "and" binds tighter than "or".
 */
export function parseValueFilter(text: string, resolve: SubAttributeResolver): ValueFilter {
  return new FilterParser(text, tokenizeFilter(text), resolve).parse();
}

class FilterParser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: FilterToken[],
    private readonly resolve: SubAttributeResolver,
  ) {}

  parse(): ValueFilter {
    const filter = this.parseOr();
    if (this.peek().kind !== 'end') this.fail('unexpected trailing input');
    return filter;
  }

  private parseOr(): ValueFilter {
    let left = this.parseAnd();
    while (this.isKeyword('or')) {
      this.index++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): ValueFilter {
    let left = this.parseUnary();
    while (this.isKeyword('and')) {
      this.index++;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): ValueFilter {
    if (this.isKeyword('not') && this.tokens[this.index + 1]?.kind === 'lparen') {
      this.index++;
      return { kind: 'not', filter: this.parseGroup() };
    }
    if (this.peek().kind === 'lparen') return this.parseGroup();
    return this.parseAttributeExpression();
  }

  private parseGroup(): ValueFilter {
    this.index++; // "("
    const inner = this.parseOr();
    if (this.peek().kind !== 'rparen') this.fail('missing ")"');
    this.index++;
    return inner;
  }

  private parseAttributeExpression(): ValueFilter {
    const name = this.expectWord('an attribute name');
    const attribute = this.resolve(name);
    if (!attribute) {
      throw new ScimPatchError('invalidPath', `Unknown attribute "${name}" in filter "${this.text}"`);
    }
    const operator = this.expectWord('an operator').toLowerCase();
    if (operator === 'pr') return { kind: 'present', attribute };
    if (!OPERATORS.has(operator)) this.fail(`unknown operator "${operator}"`);
    let value = this.parseCompareValue();
    // Booleans may be written as strings ("primary eq \"True\""), like in request values.
    if (attribute.type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value)) {
      value = value.toLowerCase() === 'true';
    }
    return { kind: 'compare', attribute, operator: operator as CompareOperator, value };
  }

  private parseCompareValue(): JsonValue {
    const token = this.tokens[this.index++];
    if (token.kind === 'string') return token.value;
    if (token.kind === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return lower === 'true';
      if (lower === 'null') return null;
      if (NUMBER.test(token.text)) return Number(token.text);
    }
    return this.fail('expected a comparison value (string, number, true, false or null)');
  }

  private expectWord(what: string): string {
    const token = this.tokens[this.index++];
    if (token.kind !== 'word') this.fail(`expected ${what}`);
    return token.text;
  }

  private isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private peek(): FilterToken {
    return this.tokens[this.index];
  }

  private fail(reason: string): never {
    throw new ScimPatchError('invalidPath', `Invalid filter "${this.text}": ${reason}`);
  }
}
