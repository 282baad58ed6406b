/**
 * Files this process creates are readable by its own user only (umask 077), whatever the
 * operator's umask: DATA_DIR holds personal data and token hashes, and so do an export and a
 * replay's scratch file. SQLite gives a database's -wal and -shm files its own mode, so a store
 * created readable by all stays so for every process that opens it later.
 */
export function keepCreatedFilesPrivate(): void {
  process.umask(0o077);
}
