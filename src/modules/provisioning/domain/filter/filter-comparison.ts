import { AttributeRef, ComparisonOperator, ComparisonValue } from './filter.ast';
import { FilterError } from './filter.error';
import { hasSubMillisecondPart, normalizeScimDateTime } from './scim-date-time';

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
];

const ORDERING = new Set<ComparisonOperator>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING = new Set<ComparisonOperator>(['co', 'sw', 'ew']);
const EQUALITY = new Set<ComparisonOperator>(['eq', 'ne']);

export function isComparisonOperator(word: string): word is ComparisonOperator {
  return (COMPARISON_OPERATORS as readonly string[]).includes(word);
}

export interface ComparisonPositions {
  operator: number;
  value: number;
}

/**
 * Checks that the operator applies to the attribute type and the value has that type
 * (RFC 7644 3.4.2.2: gt/ge/lt/le on boolean or binary is invalidFilter).
 * Returns the value to compare with: "True"/"False" strings become booleans (clients send them),
 * dateTimes of eq/ne/gt/ge/lt/le their canonical ISO form.
 */
export function checkComparison(
  attribute: AttributeRef,
  operator: ComparisonOperator,
  value: ComparisonValue,
  at: ComparisonPositions,
): ComparisonValue {
  const name = attribute.path;
  const refuseOperator = (what: string) =>
    new FilterError(`Operator "${operator}" cannot be used on ${what} attribute "${name}"`, at.operator);
  const refuseValue = (expected: string) =>
    new FilterError(`Attribute "${name}" must be compared with ${expected}`, at.value);

  if (value === null) {
    if (!EQUALITY.has(operator))
      throw new FilterError(`Operator "${operator}" cannot compare with null`, at.operator);
    return null;
  }
  switch (attribute.type) {
    case 'boolean': {
      if (!EQUALITY.has(operator)) throw refuseOperator('boolean');
      const flag = asBoolean(value);
      if (flag === undefined) throw refuseValue('true or false');
      return flag;
    }
    case 'integer':
    case 'decimal':
      if (SUBSTRING.has(operator)) throw refuseOperator('numeric');
      if (typeof value !== 'number') throw refuseValue('a number');
      return value;
    case 'binary':
      if (ORDERING.has(operator)) throw refuseOperator('binary');
      if (typeof value !== 'string') throw refuseValue('a string');
      return value;
    case 'dateTime': {
      if (typeof value !== 'string') throw refuseValue('a dateTime string');
      if (SUBSTRING.has(operator)) return value;
      const normalized = normalizeScimDateTime(value);
      if (normalized === undefined) throw refuseValue('a dateTime such as "2024-05-01T10:00:00Z"');
      // Stored instants have milliseconds; an operand finer than that ("…00.0001Z") lies strictly
      // between two of them. In text order, the millisecond followed by U+0001 does too: eq
      // matches nothing, ge means "from the next millisecond", le "up to this one".
      return hasSubMillisecondPart(value) ? `${normalized}\u0001` : normalized;
    }
    case 'string':
    case 'reference':
      if (typeof value !== 'string') throw refuseValue('a string');
      return value;
    case 'complex':
      throw new FilterError(`Attribute "${name}" is complex: compare one of its sub-attributes`, at.operator);
  }
}

function asBoolean(value: string | number | boolean): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}
