import { ResourceTypeName } from '../schema/scim-schema.types';
import { AttributeRef, ComparisonValue, FilterNode, LogicalNode } from './filter.ast';
import { checkComparison, isComparisonOperator } from './filter-comparison';
import {
  defaultValueAttribute,
  isComplexWithoutSubAttribute,
  filterableAttribute,
  resolveFilterAttribute,
  resolveSubAttribute,
} from './filter-attribute';
import { FilterError } from './filter.error';
import { FilterToken, tokenizeFilter } from './filter.tokenizer';

// Bounds keep a hostile filter from exhausting the stack or SQLite's expression limits, and a
// tenant's query from holding the event loop (queries run on it) for the other tenants: Entra
// sends one or two expressions; a term that no index narrows (co, ew, ne, pr, not) reads every
// value of its attribute in the subscription, so those are bounded apart.
const MAX_NESTING = 50;
const MAX_EXPRESSIONS = 100;
const MAX_SCANS = 20;
const SCANNING_OPERATORS = new Set(['co', 'ew', 'ne', 'pr']);

const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, ge, lt, le or pr';

/**
 * Parses a SCIM filter (RFC 7644 3.4.2.2) for a resource type: `and` binds tighter than `or`,
 * operators, keywords and attribute names are case-insensitive, every attribute is resolved
 * against the schema. Throws FilterError (with the position) for anything invalid.
 */
export function parseFilter(text: string, resourceType: ResourceTypeName): FilterNode {
  return new FilterParser(text, resourceType).parse();
}

class FilterParser {
  private readonly tokens: FilterToken[];
  private index = 0;
  private scans = 0;
  private nesting = 0;
  private expressions = 0;

  constructor(
    text: string,
    private readonly resourceType: ResourceTypeName,
  ) {
    this.tokens = tokenizeFilter(text);
  }

  parse(): FilterNode {
    const filter = this.parseOr(undefined);
    const rest = this.peek();
    if (rest.kind !== 'end') throw unexpected(rest, 'expected "and", "or" or the end of the filter');
    return filter;
  }

  /** `scope` is the complex attribute whose value filter (inside "[...]") is being parsed. */
  private parseOr(scope: AttributeRef | undefined): FilterNode {
    const operands = [this.parseAnd(scope)];
    while (isKeyword(this.peek(), 'or')) {
      this.index += 1;
      operands.push(this.parseAnd(scope));
    }
    return combine('or', operands);
  }

  private parseAnd(scope: AttributeRef | undefined): FilterNode {
    const operands = [this.parseUnary(scope)];
    while (isKeyword(this.peek(), 'and')) {
      this.index += 1;
      operands.push(this.parseUnary(scope));
    }
    return combine('and', operands);
  }

  private countScan(position: number): void {
    this.scans += 1;
    if (this.scans > MAX_SCANS)
      throw new FilterError(
        `Filter has more than ${MAX_SCANS} terms that no index narrows (co, ew, ne, pr, not)`,
        position,
      );
  }

  private parseUnary(scope: AttributeRef | undefined): FilterNode {
    const token = this.peek();
    if (token.kind === '(') {
      this.index += 1;
      return this.parseGroup(scope, token.start);
    }
    if (isKeyword(token, 'not')) {
      this.countScan(token.start);
      this.index += 1;
      const open = this.next();
      if (open.kind !== '(') throw unexpected(open, 'expected "(" after "not"');
      return { kind: 'not', operand: this.parseGroup(scope, open.start) };
    }
    if (token.kind === 'word') return this.parseAttributeExpression(scope);
    throw unexpected(token, 'expected an attribute name, "(" or "not ("');
  }

  /** The inside of "( ... )", the "(" already read. */
  private parseGroup(scope: AttributeRef | undefined, openedAt: number): FilterNode {
    if (this.nesting >= MAX_NESTING) throw new FilterError('Filter is nested too deeply', openedAt);
    this.nesting += 1;
    const inner = this.parseOr(scope);
    this.nesting -= 1;
    this.expect(')', 'expected ")"');
    return inner;
  }

  private parseAttributeExpression(scope: AttributeRef | undefined): FilterNode {
    const pathToken = this.next() as Extract<FilterToken, { kind: 'word' }>;
    const attribute = filterableAttribute(
      scope
        ? resolveSubAttribute(this.resourceType, scope, pathToken.text, pathToken.start)
        : resolveFilterAttribute(this.resourceType, pathToken.text, pathToken.start),
      pathToken.start,
    );
    const open = this.peek();
    if (open.kind !== '[') return this.parseOperation(attribute);

    if (scope) throw new FilterError('A value filter cannot contain another "["', open.start);
    if (!isComplexWithoutSubAttribute(attribute)) {
      throw new FilterError(
        `"[" can only follow a complex attribute such as emails, not "${attribute.path}"`,
        open.start,
      );
    }
    this.index += 1;
    const inner = this.parseOr(attribute);
    const close = this.expect(']', 'expected "]"');
    const after = this.peek();
    if (after.kind === 'word' && after.text.startsWith('.') && after.start === close.end) {
      // emails[type eq "work"].value eq "x": the same element has type work and value x.
      this.index += 1;
      const sub = filterableAttribute(
        resolveSubAttribute(this.resourceType, attribute, after.text.slice(1), after.start + 1),
        after.start + 1,
      );
      return { kind: 'valuePath', attribute, filter: combine('and', [inner, this.parseOperation(sub)]) };
    }
    return { kind: 'valuePath', attribute, filter: inner };
  }

  private parseOperation(attribute: AttributeRef): FilterNode {
    const operatorToken = this.next();
    if (operatorToken.kind !== 'word')
      throw unexpected(operatorToken, `expected an operator (${OPERATOR_LIST})`);
    const operator = operatorToken.text.toLowerCase();
    this.expressions += 1;
    if (this.expressions > MAX_EXPRESSIONS) {
      throw new FilterError(`Filter has more than ${MAX_EXPRESSIONS} expressions`, operatorToken.start);
    }
    if (SCANNING_OPERATORS.has(operator)) this.countScan(operatorToken.start);
    if (operator === 'pr') return { kind: 'present', attribute };
    if (!isComparisonOperator(operator)) {
      throw new FilterError(
        `Unknown operator "${operatorToken.text}", expected ${OPERATOR_LIST}`,
        operatorToken.start,
      );
    }
    const valueToken = this.next();
    const raw = comparisonValue(valueToken);
    const compared = isComplexWithoutSubAttribute(attribute)
      ? (defaultValueAttribute(this.resourceType, attribute) ?? attribute)
      : attribute;
    const value = checkComparison(compared, operator, raw, {
      operator: operatorToken.start,
      value: valueToken.start,
    });
    return { kind: 'comparison', attribute: compared, operator, value };
  }

  private peek(): FilterToken {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): FilterToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private expect(kind: FilterToken['kind'], expectation: string): FilterToken {
    const token = this.next();
    if (token.kind !== kind) throw unexpected(token, expectation);
    return token;
  }
}

function comparisonValue(token: FilterToken): ComparisonValue {
  if (token.kind === 'string' || token.kind === 'number') return token.value;
  if (token.kind === 'word') {
    const word = token.text.toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
  }
  throw unexpected(token, 'expected a value: a "string", a number, true, false or null');
}

function combine(kind: LogicalNode['kind'], operands: FilterNode[]): FilterNode {
  if (operands.length === 1) return operands[0]!;
  return {
    kind,
    operands: operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand])),
  };
}

function isKeyword(token: FilterToken, keyword: string): boolean {
  return token.kind === 'word' && token.text.toLowerCase() === keyword;
}

function unexpected(token: FilterToken, expectation: string): FilterError {
  return new FilterError(`Unexpected ${describe(token)}, ${expectation}`, token.start);
}

function describe(token: FilterToken): string {
  switch (token.kind) {
    case 'end':
      return 'end of filter';
    case 'word':
      return `"${token.text}"`;
    case 'string':
      return `string ${JSON.stringify(token.value)}`;
    case 'number':
      return `number ${token.text}`;
    default:
      return `"${token.kind}"`;
  }
}
