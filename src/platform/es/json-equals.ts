/**
 * Deep equality of JSON-shaped values, insensitive to key order; a key whose value is undefined
 * counts as absent (as JSON.stringify treats it). Domain code compares states and payloads with it.
 */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Counted, not listed: every PATCH compares a user's state this way, and a key array per
  // object was 1% of its allocations. JSON objects inherit no enumerable keys.
  let defined = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    if (!jsonEquals(left[key], right[key])) return false;
    defined++;
  }
  for (const key in right) if (right[key] !== undefined) defined--;
  return defined === 0;
}

function definedKeys(object: Record<string, unknown>): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}

/**
 * A text equal for two values exactly when jsonEquals says they are equal (keys sorted, undefined
 * dropped): a Set of these finds duplicates among n values in n steps instead of n * n compares.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = definedKeys(object).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
}
