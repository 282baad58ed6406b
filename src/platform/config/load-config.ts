import * as path from 'node:path';
import { AppConfig, EventStoreKind, LogLevel } from './app-config';

/** A start-up configuration problem; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const EVENT_STORES: EventStoreKind[] = ['sqlite', 'eventstoredb'];
// A DNS name of one or more labels, e.g. "example.com" or "localhost".
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: T[],
  fallback: T,
  problems: string[],
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) {
    problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }
  return value;
}

/** Reads and validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const dataDir = path.resolve(env.DATA_DIR && env.DATA_DIR.trim() !== '' ? env.DATA_DIR : './data');
  const eventStore = oneOf(env, 'EVENT_STORE', EVENT_STORES, 'sqlite', problems);
  const connection = env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined;
  if (eventStore === 'eventstoredb') {
    if (!connection) problems.push('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb');
    else if (!/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb):\/\//.test(connection))
      problems.push(
        `EVENTSTORE_CONNECTION_STRING must look like esdb://host:2113?tls=false, got "${connection}"`,
      );
  }
  const adminApiKey =
    env.ADMIN_API_KEY === undefined || env.ADMIN_API_KEY === '' ? undefined : env.ADMIN_API_KEY;
  if (adminApiKey !== undefined && (adminApiKey.length < 16 || /\s/.test(adminApiKey)))
    // Whitespace never arrives: HTTP trims header values, so such a key could never be sent.
    problems.push(
      'ADMIN_API_KEY must be at least 16 characters without spaces (leave it unset to have one generated)',
    );
  const publicBaseDomain = (env.PUBLIC_BASE_DOMAIN ?? 'localhost').trim().toLowerCase();
  if (!DOMAIN.test(publicBaseDomain))
    problems.push(
      `PUBLIC_BASE_DOMAIN must be a DNS domain such as portal.example.com, got "${publicBaseDomain}"`,
    );
  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info', problems);
  const maxBodyBytes = integer(env, 'SCIM_MAX_BODY_BYTES', 1024 * 1024, 1024, 512 * 1024 * 1024, problems);
  const provisioningLogRetentionDays = integer(env, 'PROVISIONING_LOG_RETENTION_DAYS', 30, 1, 3650, problems);
  const v8HeapGrowingPercent = integer(env, 'V8_HEAP_GROWING_PERCENT', 75, 0, 1000, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    dataDir,
    eventStore,
    eventStoreConnectionString: connection,
    adminApiKey,
    publicBaseDomain,
    logLevel,
    maxBodyBytes,
    provisioningLogRetentionDays,
    v8HeapGrowingPercent,
  };
}
