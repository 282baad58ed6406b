import { AttributeDefinition } from '../../schema/scim-schema.types';
import { JsonObject, JsonValue, isEmptyValue } from '../json';
import { CompareOperator, ValueFilter } from './value-filter.types';
import { caselessKey } from '../../../../../platform/text/caseless-key';

/** Evaluates a value filter against one element of a multi-valued attribute (or a complex value). */
export function matchesValueFilter(filter: ValueFilter, element: JsonObject): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesValueFilter(filter.left, element) && matchesValueFilter(filter.right, element);
    case 'or':
      return matchesValueFilter(filter.left, element) || matchesValueFilter(filter.right, element);
    case 'not':
      return !matchesValueFilter(filter.filter, element);
    case 'present':
      return !isEmptyValue(element[filter.attribute.name]);
    case 'compare':
      return compare(filter.attribute, element[filter.attribute.name], filter.operator, filter.value);
  }
}

function compare(
  attribute: AttributeDefinition,
  actual: JsonValue | undefined,
  operator: CompareOperator,
  expected: JsonValue,
): boolean {
  // "eq null" tests absence, "ne null" presence; an absent value is "ne" anything else.
  if (expected === null) {
    return operator === 'eq' ? isEmptyValue(actual) : operator === 'ne' && !isEmptyValue(actual);
  }
  if (actual === undefined || actual === null) return operator === 'ne';
  const a = comparable(attribute, actual);
  const b = comparable(attribute, expected);
  switch (operator) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'co':
      return typeof a === 'string' && typeof b === 'string' && a.includes(b);
    case 'sw':
      return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
    case 'ew':
      return typeof a === 'string' && typeof b === 'string' && a.endsWith(b);
    default:
      return ordered(a, b, operator);
  }
}

/** Strings of caseExact=false attributes compare case-insensitively (RFC 7644 3.4.2.2). */
function comparable(attribute: AttributeDefinition, value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  return attribute.caseExact ? value : caselessKey(value);
}

function ordered(a: JsonValue, b: JsonValue, operator: 'gt' | 'ge' | 'lt' | 'le'): boolean {
  if (typeof a === 'string' && typeof b === 'string') return order(a, b, operator);
  if (typeof a === 'number' && typeof b === 'number') return order(a, b, operator);
  return false; // booleans and complex values have no order
}

function order<T extends string | number>(a: T, b: T, operator: 'gt' | 'ge' | 'lt' | 'le'): boolean {
  if (operator === 'gt') return a > b;
  if (operator === 'ge') return a >= b;
  if (operator === 'lt') return a < b;
  return a <= b;
}
