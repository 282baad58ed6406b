// No `instanceof Error` here: errors thrown by the native addon may come from another realm
// (e.g. under jest's VM sandbox), where that check fails.

/** The `code` of a better-sqlite3 SqliteError (e.g. `SQLITE_BUSY`), or undefined for other errors. */
export function sqliteCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

/** Matches a primary result code and its extended variants (SQLITE_IOERR matches SQLITE_IOERR_WRITE). */
export function hasSqliteCode(error: unknown, primary: string): boolean {
  const code = sqliteCode(error);
  return code === primary || (code !== undefined && code.startsWith(`${primary}_`));
}

export function errorMessage(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    return error.message;
  }
  return String(error);
}
