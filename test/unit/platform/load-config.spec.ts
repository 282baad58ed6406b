import { ConfigError, loadConfig } from '../../../src/platform/config/load-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      eventStore: 'sqlite',
      publicBaseDomain: 'localhost',
      logLevel: 'info',
      adminApiKey: undefined,
      maxBodyBytes: 1024 * 1024,
      v8HeapGrowingPercent: 75,
    });
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ EVENT_STORE: 'postgres' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'eventstoredb' }, 'EVENTSTORE_CONNECTION_STRING'],
    [
      { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' },
      'EVENTSTORE_CONNECTION_STRING',
    ],
    [{ ADMIN_API_KEY: 'short' }, 'ADMIN_API_KEY'],
    // HTTP trims header values: a key with spaces could never be sent.
    [{ ADMIN_API_KEY: '0123456789abcde ' }, 'ADMIN_API_KEY'],
    [{ ADMIN_API_KEY: ' '.repeat(16) }, 'ADMIN_API_KEY'],
    [{ PUBLIC_BASE_DOMAIN: 'not a domain' }, 'PUBLIC_BASE_DOMAIN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ V8_HEAP_GROWING_PERCENT: '-1' }, 'V8_HEAP_GROWING_PERCENT'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('accepts an EventStoreDB connection string', () => {
    const config = loadConfig({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
    });
    expect(config.eventStore).toBe('eventstoredb');
  });
});
