/**
 * The one line a failed start prints. SQLite's storage errors ("disk I/O error") name no file:
 * the data directory and the likely cause are added, since a full disk is the usual one.
 */
export function startFailureMessage(error: unknown, dataDir: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^SQLITE_(FULL|IOERR|CANTOPEN|READONLY)/.test(code)) return message;
  const where = dataDir ?? 'DATA_DIR';
  return `${message} (${code}) in ${where}: is its disk full, or not writable by this user?`;
}
