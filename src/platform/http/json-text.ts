import { isUtf8 } from 'node:buffer';

/** A request body that is not JSON text a client could have meant; 400, like one that does not parse. */
export class InvalidJsonTextError extends Error {
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidJsonTextError';
  }
}

/**
 * The body as text. JSON between systems is UTF-8 (RFC 8259 8.1): other bytes (Latin-1, a cut
 * sequence) used to become U+FFFD and be stored so, the client told 201.
 */
export function utf8Text(body: Buffer): string {
  if (!isUtf8(body)) throw new InvalidJsonTextError('the request body is not valid UTF-8 text');
  return body.toString('utf8');
}

// In valid UTF-8 bytes a lone surrogate can only come from a \uD800-\uDFFF escape.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses strings (keys too) holding half of a UTF-16 surrogate pair (RFC 7493 2.1): no text has
 * one, and the stores and the comparisons treated them differently (a 409 for a name that no
 * filter then found).
 */
export function assertNoLoneSurrogates(text: string, parsed: unknown): void {
  if (!SURROGATE_ESCAPE.test(text)) return;
  const pending: unknown[] = [parsed];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node))
        throw new InvalidJsonTextError('the request body holds a lone UTF-16 surrogate (\\ud800-\\udfff)');
    } else if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) pending.push(key, value);
    }
  }
}
