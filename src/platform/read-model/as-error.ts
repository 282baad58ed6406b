/**
 * A thrown value as an Error, the thrown object itself when it is error-like: SQLite's errors keep
 * their `code` (SQLITE_FULL...), which decides whether a failure is transient. `instanceof Error`
 * is not enough: better-sqlite3's SqliteError, loaded by another VM context (as under Jest), is not
 * an instance of this realm's Error, and wrapping it lost its code.
 */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'object' && thrown !== null && typeof (thrown as Error).message === 'string')
    return thrown as Error;
  return new Error(String(thrown));
}
