/**
 * A thrown value as an Error, the thrown object itself when it is one: SQLite's errors keep their
 * `code` (SQLITE_FULL...), which decides whether a failure is transient. `instanceof Error` is not
 * enough: an Error made in another realm (a native addon's class loaded by another VM context, as
 * under Jest) is not an instance of this one's, and wrapping it lost its code.
 */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error || Object.prototype.toString.call(thrown) === '[object Error]')
    return thrown as Error;
  return new Error(String(thrown));
}
