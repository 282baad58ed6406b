import 'reflect-metadata';
import * as path from 'node:path';
import { bootstrap } from './bootstrap';
import { startFailureMessage } from './platform/config/start-failure';

bootstrap().catch((error: unknown) => {
  const dataDir = path.resolve(process.env.DATA_DIR?.trim() || './data');
  process.stderr.write(`${startFailureMessage(error, dataDir)}\n`);
  process.exit(1);
});
