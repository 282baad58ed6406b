import { AttributeRef, ComparisonOperator, FilterNode } from '../../../domain/filter/filter.ast';

export type TestValue = string | number | boolean;

/** What a value must satisfy; `ne` and null comparisons are rewritten away (see toCondition). */
export type ValueTest =
  | { operator: 'pr' }
  | { operator: Exclude<ComparisonOperator, 'ne'>; value: TestValue }
  /** `x eq a or x eq b ...`, merged so that id batches stay one index probe list. */
  | { operator: 'in'; values: TestValue[] };

/** The filter in the form the SQL translation works on: only positive tests, negation explicit. */
export type Condition =
  | { kind: 'match'; attribute: AttributeRef; test: ValueTest }
  | { kind: 'and' | 'or'; operands: Condition[] }
  | { kind: 'not'; operand: Condition }
  /** One element of the complex `attribute` satisfies `condition` (on its sub-attributes). */
  | { kind: 'element'; attribute: AttributeRef; condition: Condition };

/**
 * Semantics chosen here, so that the boolean algebra holds (not(not x) = x, x ne v = not(x eq v)):
 * - `x ne v` is `not (x eq v)`: matches resources with no value of x equal to v, including
 *   resources without x (RFC 7644: "not equal"); for multi-valued x: no value equals v.
 * - `x eq null` is `not (x pr)`, `x ne null` is `x pr`.
 * - Inside a value filter the same rules apply per element: `emails[type ne "work"]` matches a
 *   resource that has an email whose type is not "work" (or has no type).
 * - A value filter whose top level is an `or` is split: one element satisfying a or b is one
 *   element satisfying a, or one satisfying b.
 * - A value filter on a single-valued complex attribute is `attribute pr and <filter>`.
 */
export function toCondition(node: FilterNode): Condition {
  switch (node.kind) {
    case 'present':
      return { kind: 'match', attribute: node.attribute, test: { operator: 'pr' } };
    case 'comparison': {
      const { attribute, operator, value } = node;
      if (value === null) {
        const present: Condition = { kind: 'match', attribute, test: { operator: 'pr' } };
        return operator === 'ne' ? present : negate(present);
      }
      if (operator === 'ne') return negate({ kind: 'match', attribute, test: { operator: 'eq', value } });
      return { kind: 'match', attribute, test: { operator, value } };
    }
    case 'not':
      return negate(toCondition(node.operand));
    case 'and':
      return logical('and', node.operands.map(toCondition));
    case 'or':
      return logical('or', node.operands.map(toCondition));
    case 'valuePath': {
      const inner = toCondition(node.filter);
      // A single-valued complex attribute is one element: `meta[version eq "x"]` is a filter on
      // the resource (sub-attributes that scim_attr leaves out have no element rows to join).
      if (!node.attribute.multiValued)
        return logical('and', [
          { kind: 'match', attribute: node.attribute, test: { operator: 'pr' } },
          inner,
        ]);
      const branches = inner.kind === 'or' ? inner.operands : [inner];
      return logical(
        'or',
        branches.map((condition) => ({ kind: 'element', attribute: node.attribute, condition })),
      );
    }
  }
}

function negate(condition: Condition): Condition {
  return condition.kind === 'not' ? condition.operand : { kind: 'not', operand: condition };
}

function logical(kind: 'and' | 'or', operands: Condition[]): Condition {
  const flat = operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
  const merged = kind === 'or' ? mergeEqualities(flat) : flat;
  return merged.length === 1 ? merged[0]! : { kind, operands: merged };
}

/** `id eq "a" or id eq "b"` -> `id in ("a", "b")`, keeping the position of the first. */
function mergeEqualities(operands: Condition[]): Condition[] {
  const byPath = new Map<string, Extract<Condition, { kind: 'match' }>>();
  const result: Condition[] = [];
  for (const operand of operands) {
    const values = equalityValues(operand);
    if (!values || operand.kind !== 'match') {
      result.push(operand);
      continue;
    }
    const key = `${operand.attribute.schemaId}|${operand.attribute.path}`;
    const first = byPath.get(key);
    if (!first) {
      const copy: Extract<Condition, { kind: 'match' }> = { ...operand, test: { operator: 'in', values } };
      byPath.set(key, copy);
      result.push(copy);
    } else if (first.test.operator === 'in') {
      first.test.values.push(...values);
    }
  }
  return result.map((condition) =>
    condition.kind === 'match' && condition.test.operator === 'in' && condition.test.values.length === 1
      ? { ...condition, test: { operator: 'eq', value: condition.test.values[0]! } }
      : condition,
  );
}

function equalityValues(condition: Condition): TestValue[] | undefined {
  if (condition.kind !== 'match') return undefined;
  if (condition.test.operator === 'eq') return [condition.test.value];
  if (condition.test.operator === 'in') return [...condition.test.values];
  return undefined;
}
