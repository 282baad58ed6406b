import { JsonObject } from '../json';
import { ValueFilter } from './value-filter.types';

/**
 * The attribute values a filter pins down when it is a plain conjunction of "eq" comparisons
 * (`type eq "work" and primary eq true`), so a missing element can be created from it; else undefined.
 */
export function eqConjunctionValues(filter: ValueFilter): JsonObject | undefined {
  if (filter.kind === 'compare') {
    if (filter.operator !== 'eq' || filter.value === null) return undefined;
    return { [filter.attribute.name]: filter.value };
  }
  if (filter.kind !== 'and') return undefined;
  const left = eqConjunctionValues(filter.left);
  const right = eqConjunctionValues(filter.right);
  if (!left || !right) return undefined;
  for (const [key, value] of Object.entries(right)) {
    if (key in left && left[key] !== value) return undefined; // `type eq "a" and type eq "b"` matches nothing
  }
  return { ...left, ...right };
}

/**
 * The string values a filter selects on one sub-attribute when it is `name eq "x"` or an "or" of such
 * comparisons (`value eq "a" or value eq "b"`); undefined for any other shape.
 */
export function eqDisjunctionValues(filter: ValueFilter, attributeName: string): string[] | undefined {
  if (filter.kind === 'compare') {
    const matches = filter.operator === 'eq' && filter.attribute.name === attributeName;
    return matches && typeof filter.value === 'string' ? [filter.value] : undefined;
  }
  if (filter.kind !== 'or') return undefined;
  const left = eqDisjunctionValues(filter.left, attributeName);
  const right = eqDisjunctionValues(filter.right, attributeName);
  return left && right ? [...left, ...right] : undefined;
}
