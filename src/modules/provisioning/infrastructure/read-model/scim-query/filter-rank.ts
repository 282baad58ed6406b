import { Condition } from './filter-condition';
import { isResourceColumnAttribute } from './resource-column.sql';

/** SQLite allows 500 terms in a compound SELECT; a wider `or` is checked per resource instead. */
export const MAX_UNION_BRANCHES = 400;

// Sub-attributes with a handful of distinct values: a poor place to start a look-up.
const LOW_CARDINALITY = new Set(['type', 'primary']);

/**
 * A guess of how many resources a condition selects, lower is fewer: the `and` operand with the
 * lowest rank drives the query through the index and the others are checked per candidate.
 * Infinity: the condition has no index-driven form (a `not`, an attribute scim_attr leaves out),
 * only a per-resource check.
 */
export function selectivityRank(condition: Condition): number {
  switch (condition.kind) {
    case 'not':
      return Infinity;
    case 'and':
      return Math.min(...condition.operands.map(selectivityRank));
    case 'or':
      if (condition.operands.length > MAX_UNION_BRANCHES) return Infinity;
      return Math.max(...condition.operands.map(selectivityRank)) + 1;
    case 'element': {
      const conjuncts =
        condition.condition.kind === 'and' ? condition.condition.operands : [condition.condition];
      const ranks = conjuncts.filter((c) => c.kind === 'match').map(selectivityRank);
      return Math.min(95, ...ranks);
    }
    case 'match':
      return matchRank(condition);
  }
}

function matchRank({ attribute, test }: Extract<Condition, { kind: 'match' }>): number {
  if (isResourceColumnAttribute(attribute)) return Infinity;
  if (test.operator === 'pr') return attribute.type === 'complex' ? 95 : 90;
  if (attribute.type === 'boolean') return 80;
  const lowCardinality = LOW_CARDINALITY.has((attribute.subAttribute ?? '').toLowerCase());
  switch (test.operator) {
    case 'eq':
      return lowCardinality ? 60 : 10;
    case 'in':
      return lowCardinality ? 60 : 12;
    case 'sw':
      return 30;
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return 40;
    case 'co':
    case 'ew':
      return 70;
  }
}

/** The operand to drive an `and` from: lowest rank first; undefined if none has an index form. */
export function pickDriver(operands: Condition[]): Condition | undefined {
  let best: Condition | undefined;
  let bestRank = Infinity;
  for (const operand of operands) {
    const rank = selectivityRank(operand);
    if (rank < bestRank) {
      best = operand;
      bestRank = rank;
    }
  }
  return best;
}
