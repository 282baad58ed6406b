import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ADMIN_KEY_FILE = 'admin-api-key';

/**
 * The admin key from the environment, else the one stored in DATA_DIR, else a new one written
 * there with mode 0600 (so it survives restarts and only the service's user can read it).
 */
export function resolveAdminApiKey(
  fromEnv: string | undefined,
  dataDir: string,
): { key: string; generatedAt?: string; file?: string } {
  if (fromEnv) return { key: fromEnv };
  const file = path.join(dataDir, ADMIN_KEY_FILE);
  if (fs.existsSync(file)) return { key: fs.readFileSync(file, 'utf8').trim(), file };
  const key = `adm_${randomBytes(32).toString('base64url')}`;
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, generatedAt: file, file };
}
