import type { Database } from 'better-sqlite3';

const CHUNK = 5000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes entries older than `cutoff` (epoch ms) in chunks, yielding between them, so that a
 * first purge of a big backlog does not hold SCIM requests. Returns how many were deleted.
 */
export async function purgeProvisioningLog(db: Database, cutoff: number): Promise<number> {
  const remove = db.prepare(
    `DELETE FROM provisioning_log WHERE id IN (SELECT id FROM provisioning_log WHERE at < ? LIMIT ${CHUNK})`,
  );
  let deleted = 0;
  while (db.open) {
    const { changes } = remove.run(cutoff);
    deleted += changes;
    if (changes < CHUNK) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return deleted;
}
