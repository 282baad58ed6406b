import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ADMIN_KEY_FILE = 'admin-api-key';
/** As load-config requires of ADMIN_API_KEY. */
const MIN_KEY_LENGTH = 16;

/**
 * The admin key from the environment, else the one stored in DATA_DIR, else a new one written
 * there with mode 0600 (so it survives restarts and only the service's user can read it).
 */
export function resolveAdminApiKey(
  fromEnv: string | undefined,
  dataDir: string,
): { key: string; generatedAt?: string; file?: string; readableByOthers?: boolean } {
  if (fromEnv) return { key: fromEnv };
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    // The same rule as ADMIN_API_KEY: an emptied or hand-edited file must not start a server
    // whose admin API nobody can use, or that a short key opens.
    if (key.length < MIN_KEY_LENGTH || /\s/.test(key))
      throw new Error(
        `${file} must hold one admin API key of at least ${MIN_KEY_LENGTH} characters without spaces: ` +
          'fix it, delete it to have a new one generated, or set ADMIN_API_KEY',
      );
    const mode = fs.statSync(file).mode & 0o077;
    return { key, file, ...(mode !== 0 ? { readableByOthers: true } : {}) };
  }
  const key = `adm_${randomBytes(32).toString('base64url')}`;
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, generatedAt: file, file };
}
