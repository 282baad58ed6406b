export type EventStoreKind = 'sqlite' | 'eventstoredb';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  port: number;
  dataDir: string;
  eventStore: EventStoreKind;
  eventStoreConnectionString: string | undefined;
  /** Undefined until resolved at start (generated into DATA_DIR when unset). */
  adminApiKey: string | undefined;
  publicBaseDomain: string;
  logLevel: LogLevel;
  maxBodyBytes: number;
  /** Days a provisioning log entry is kept. */
  provisioningLogRetentionDays: number;
  /**
   * How far V8 lets its old generation grow past the live heap before the next full GC, in
   * percent (0: V8's own factor, up to 300%). Applied by the server at start (bootstrap).
   */
  v8HeapGrowingPercent: number;
  /**
   * Offline tools (replay): the modules register their projections, event versions and
   * upcasters as in the server, but nothing starts (no read model runner, saga or timer).
   */
  offline?: boolean;
}

export const APP_CONFIG = Symbol('AppConfig');
