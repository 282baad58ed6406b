import 'reflect-metadata';
import { bootstrap } from './bootstrap';

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
