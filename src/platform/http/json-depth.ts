/**
 * How deep a request body may nest. SCIM resources nest at most four levels (a User, its
 * enterprise extension, manager, value) and admin bodies two; past this, recursive walks of the
 * body (validation, class-transformer, deep copies) would overflow the stack: a 500 where the
 * client deserves a 400.
 */
export const MAX_JSON_DEPTH = 32;

/** A request body nested deeper than MAX_JSON_DEPTH; 400, like a body that does not parse. */
export class JsonBodyTooDeepError extends Error {
  readonly statusCode = 400;

  constructor() {
    super(`the request body nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`);
    this.name = 'JsonBodyTooDeepError';
  }
}

/**
 * Whether a parsed JSON value nests objects and arrays deeper than `max`. Iterative (no recursion
 * to overflow), and without per-node allocations: it runs on every request body (about 0.25 us
 * for an Entra user).
 */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const nodes: unknown[] = [value];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    if (Array.isArray(node)) {
      for (const child of node as unknown[]) push(nodes, depths, child, depth + 1);
    } else {
      const object = node as Record<string, unknown>;
      // for...in: a parsed body's objects have only own, enumerable keys.
      for (const key in object) push(nodes, depths, object[key], depth + 1);
    }
  }
  return false;
}

function push(nodes: unknown[], depths: number[], child: unknown, depth: number): void {
  if (child === null || typeof child !== 'object') return;
  nodes.push(child);
  depths.push(depth);
}
