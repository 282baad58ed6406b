import { AttributeRef } from '../../../domain/filter/filter.ast';
import { USER_SCHEMA_ID } from '../../../domain/schema/scim-schemas';
import { normalizeUserName } from '../../../domain/user/scim-user.mapper';
import { TestValue, ValueTest } from './filter-condition';
import { IndexValue, indexKey } from './index-key';
import { SqlFragment, join, raw, sql } from './sql-fragment';
import { caselessKey } from '../../../../../platform/text/caseless-key';

const NOTHING = raw('0');

/**
 * The SQL test of one value column against a filter test. `column` holds index keys (lower-cased
 * for caseExact=false, see indexKey) and the operand is turned into the same key, so equality and
 * ranges use the index. Undefined: any present value passes (pr, or an empty sw/co/ew operand).
 */
export function valueTestSql(
  column: SqlFragment,
  attribute: AttributeRef,
  test: ValueTest,
): SqlFragment | undefined {
  switch (test.operator) {
    case 'pr':
      return undefined;
    case 'in': {
      const keys = test.values.map((value) => operandKey(attribute, value)).filter(isDefined);
      if (keys.length === 0) return NOTHING;
      return sql`${column} IN (${join(
        keys.map((key) => sql`${key}`),
        ', ',
      )})`;
    }
    case 'eq': {
      const key = operandKey(attribute, test.value);
      return key === undefined ? NOTHING : sql`${column} = ${key}`;
    }
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const key = operandKey(attribute, test.value);
      // Only "" has no key: every value is greater than it.
      if (key === undefined) return test.operator === 'gt' || test.operator === 'ge' ? undefined : NOTHING;
      return sql`${column} ${raw(ORDERING_SQL[test.operator])} ${key}`;
    }
    case 'sw':
    case 'co':
    case 'ew': {
      const key = substringKey(attribute, test.value);
      if (key === '') return undefined;
      if (test.operator === 'co') return sql`instr(${column}, ${key}) > 0`;
      const length = [...key].length;
      if (test.operator === 'ew') return sql`substr(${column}, ${-length}) = ${key}`;
      const upper = prefixUpperBound(key);
      // A range, not LIKE: it is an index range scan, and exact for case-sensitive values.
      return upper === undefined
        ? sql`substr(${column}, 1, ${length}) = ${key}`
        : sql`${column} >= ${key} AND ${column} < ${upper}`;
    }
  }
}

const ORDERING_SQL = { gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

function operandKey(attribute: AttributeRef, value: TestValue): IndexValue | undefined {
  // userName eq " ann@x " finds the user stored as "ann@x" (Entra matches on the value it sent).
  const operand = isUserName(attribute) && typeof value === 'string' ? normalizeUserName(value) : value;
  return indexKey(attribute.type, attribute.caseExact, operand);
}

const isUserName = (attribute: AttributeRef) =>
  attribute.schemaId === USER_SCHEMA_ID && attribute.path === 'userName';

/** co/sw/ew operands are text; on a dateTime they match the stored ISO text as typed. */
function substringKey(attribute: AttributeRef, value: TestValue): string {
  const text = String(value);
  return attribute.caseExact || attribute.type === 'dateTime' ? text : caselessKey(text);
}

/**
 * The least string greater than every string starting with `prefix` (SQLite compares text as
 * UTF-8 bytes, which is code point order): the last code point that can be incremented, incremented.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const chars = [...prefix];
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const next = chars[i]!.codePointAt(0)! + 1;
    if (next > 0x10ffff) continue;
    const incremented = next === 0xd800 ? 0xe000 : next;
    // Joined, not String.fromCodePoint(...all): a spread of 130,000 arguments overflowed the stack.
    return chars.slice(0, i).join('') + String.fromCodePoint(incremented);
  }
  return undefined;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
