import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as v8 from 'node:v8';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import {
  answerScimHeaderOverflow,
  answerWhileClosing,
  replyFrameworkError,
} from './modules/provisioning/api/scim-exception.filter';
import { AppConfig } from './platform/config/app-config';
import { resolveAdminApiKey } from './platform/config/admin-api-key';
import { loadConfig } from './platform/config/load-config';
import { installLightAsyncResourceBind } from './platform/http/async-resource-bind';
import { configureHttp } from './platform/http/configure-http';
import { keepCreatedFilesPrivate } from './platform/config/private-files';
import { refuseUnexpectedBodies } from './platform/http/refuse-unexpected-bodies';
import { refuseAmbiguousHeaders } from './modules/provisioning/api/refuse-ambiguous-headers';
import { refuseAdminRequestsWithoutKey } from './platform/http/admin/admin-auth.guard';
import { setupOpenApi } from './platform/http/openapi';
import { PinoNestLogger, createLogger } from './platform/logging/logger';

const CORRELATION_HEADER = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the application without listening: shared by main and the end-to-end tests. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel);
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.accessSync(config.dataDir, fs.constants.W_OK);
  } catch (error) {
    throw new Error(`DATA_DIR ${config.dataDir} is not a writable directory: ${(error as Error).message}`);
  }
  const admin = resolveAdminApiKey(config.adminApiKey, config.dataDir);
  if (admin.generatedAt) {
    const message = `ADMIN_API_KEY not set: generated one and stored it in ${admin.generatedAt}`;
    logger.warn({ file: admin.generatedAt }, message);
    // The contract says printed: whatever LOG_LEVEL hides, the operator must learn where it is.
    if (!logger.isLevelEnabled('warn')) process.stderr.write(`${message}\n`);
  } else if (admin.file) logger.info({ file: admin.file }, `admin API key read from ${admin.file}`);
  if (admin.readableByOthers)
    logger.warn({ file: admin.file }, `${admin.file} is readable by other users: chmod 600 it`);
  const resolved: AppConfig = { ...config, adminApiKey: admin.key };
  installLightAsyncResourceBind();

  const adapter = new FastifyAdapter({
    bodyLimit: resolved.maxBodyBytes,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-correlation-id'] ?? req.headers['x-request-id'];
      return typeof given === 'string' && CORRELATION_HEADER.test(given) ? given : randomUUID();
    },
    // Nest logs through pino; Fastify's per-request logging would double every line.
    logger: false,
    // The global error filter's answers also for URLs the router refuses before Nest sees them.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      replyFrameworkError(logger, error, request, reply),
    // SIGTERM: idle keep-alive connections (Entra, load balancers) must not hold the drain open.
    forceCloseConnections: 'idle',
    // GET /scim/v2/Users/ is the list, not the user with an empty id.
    routerOptions: { ignoreTrailingSlash: true },
    // Requests during the drain get a 503 in their API's error shape (answerWhileClosing).
    return503OnClosing: false,
    // Fastify turns off Node's request timeout: a body sent a byte at a time held its connection forever.
    requestTimeout: 60_000,
    // No Nest middleware here (hooks, guards and filters instead): @fastify/middie's pass over
    // every request was 2% of a create's profile for nothing.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(resolved, logger), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // configureHttp registers the body parsers (JSON with a depth limit, SCIM's media type).
    bodyParser: false,
  });
  configureHttp(app, resolved);
  refuseAmbiguousHeaders(app.getHttpAdapter().getInstance(), logger);
  answerWhileClosing(app.getHttpAdapter().getInstance(), logger);
  refuseAdminRequestsWithoutKey(app.getHttpAdapter().getInstance(), resolved);
  refuseUnexpectedBodies(app.getHttpAdapter().getInstance());
  (app.getHttpServer() as Server).prependListener('clientError', answerScimHeaderOverflow);
  setupOpenApi(app);
  return app;
}

export async function bootstrap(): Promise<void> {
  keepCreatedFilesPrivate();
  const config = loadConfig();
  limitHeapGrowth(config.v8HeapGrowingPercent);
  disablePretenuring();
  const app = await createApp(config);
  const logger = createLogger(config.logLevel);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests and writes');
    // Connections busy when the drain began turn idle later; keep closing them as they do.
    const server = app.getHttpServer() as Server;
    const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
    try {
      await app.close();
      clearInterval(closeIdle);
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await app.listen({ port: config.port, host: '0.0.0.0' });
  logger.info({ port: config.port, dataDir: config.dataDir, eventStore: config.eventStore }, 'listening');
}

/**
 * The live V8 heap stays near 40 MB, but under write load (in-flight requests promoted to the old
 * generation) V8's own factor lets it grow to about 4x that between full GCs: 120 to 160 MB of
 * RSS. A fixed factor bounds it: 75% (the default) keeps the service under 300 MB at 170,000
 * users with fewer full GCs than 50% did (docs/performance.md, session 19).
 * V8 reads the flag at every full GC, so setting it now applies (to the worker threads started
 * later too). Only the server: tests and tools keep V8's default.
 */
function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * V8 allocates objects of an allocation site that mostly survived straight in the old generation
 * (pretenuring), deciding from a sample of the first scavenges. In about one process in ten, from
 * the first requests on, each scavenge promoted two to ten times the bytes, full GCs ran up to five
 * times as often and reads cost 20 to 40% more CPU for the life of the process: a site of
 * short-lived objects tenured (what an old object points to lives until the next full GC). With
 * pretenuring off, no process of 38 did, and every process promoted about 15% less
 * (docs/performance.md, session 22). A long-lived object is then copied by a scavenge or two.
 */
function disablePretenuring(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
