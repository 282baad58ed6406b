import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installLightAsyncResourceBind } from '../../../src/platform/http/async-resource-bind';

describe('installLightAsyncResourceBind', () => {
  const original = Object.getOwnPropertyDescriptor(AsyncResource.prototype, 'bind') as PropertyDescriptor;
  const nodeHasDeprecatedGetter =
    Object.getOwnPropertyDescriptor(
      new AsyncResource('t').bind(() => undefined),
      'asyncResource',
    ) !== undefined;

  beforeAll(() => installLightAsyncResourceBind());
  afterAll(() => Object.defineProperty(AsyncResource.prototype, 'bind', original));

  it('replaces bind only where Node defines the deprecated getter', () => {
    const bound = new AsyncResource('t').bind(() => undefined);
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')).toBeUndefined();
    expect(AsyncResource.prototype.bind === original.value).toBe(!nodeHasDeprecatedGetter);
  });

  it('runs the function in the async context the resource was created in', async () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request-1', () => new AsyncResource('t').bind(() => storage.getStore()));
    const seen = await storage.run(
      'request-2',
      () => new Promise((resolve) => setImmediate(() => resolve(bound()))),
    );
    expect(seen).toBe('request-1');
  });

  it('passes arguments and the return value, keeps `this` or binds thisArg, and keeps length', () => {
    function sum(this: { base: number } | undefined, a: number, b: number): number {
      return (this?.base ?? 0) + a + b;
    }
    const resource = new AsyncResource('t');
    const unbound = resource.bind(sum);
    expect(unbound.length).toBe(2);
    expect(unbound.call({ base: 10 }, 1, 2)).toBe(13);
    // thisArg: gone from @types/node, still accepted by Node 20's bind.
    const bindWithThis = resource.bind as unknown as (fn: typeof sum, thisArg: unknown) => typeof sum;
    const withThis = bindWithThis.call(resource, sum, { base: 100 });
    expect(withThis.call({ base: 10 }, 1, 2)).toBe(103);
  });

  // By message: the bind may come from another test file's realm (createApp installs it process-wide).
  it('refuses what is not a function, as Node does', () => {
    expect(() => new AsyncResource('t').bind(42 as unknown as () => void)).toThrow(
      /"fn" argument must be of type function/,
    );
  });

  it('is static AsyncResource.bind too (it calls the prototype method)', () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('outer', () => AsyncResource.bind(() => storage.getStore()));
    expect(storage.run('other', () => bound())).toBe('outer');
  });
});
