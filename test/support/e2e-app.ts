import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/platform/config/load-config';
import { Client, client } from './http-client';

export interface RunningApp {
  app: NestFastifyApplication;
  baseUrl: string;
  dataDir: string;
  adminKey: string;
  /** A client sending the admin bearer key. */
  admin: Client;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

/**
 * Starts the real application (all modules, SQLite store) on a random port with a temporary
 * DATA_DIR, exactly as main does but in-process.
 */
export async function startApp(
  env: Record<string, string> = {},
  dataDir?: string,
  /** Runs before the app starts (its background work, then HTTP): e.g. to hold subscriptions. */
  beforeStart?: (app: NestFastifyApplication) => void,
): Promise<RunningApp> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'scim-e2e-'));
  const config = loadConfig({
    DATA_DIR: dir,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    PUBLIC_BASE_DOMAIN: 'portal.test',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApp(config);
  beforeStart?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    app,
    baseUrl,
    dataDir: dir,
    adminKey: TEST_ADMIN_KEY,
    admin: client(baseUrl, { authorization: `Bearer ${TEST_ADMIN_KEY}` }),
    async close(options) {
      await app.close();
      if (!options?.keepData) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
