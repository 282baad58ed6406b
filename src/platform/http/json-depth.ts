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

/** Whether a parsed JSON value nests objects and arrays deeper than `max` (iterative: no recursion to overflow). */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
