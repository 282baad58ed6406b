import { AsyncResource } from 'node:async_hooks';

type Fn = (this: unknown, ...args: unknown[]) => unknown;
type Bind = (this: AsyncResource, fn: Fn, thisArg?: unknown) => unknown;

/**
 * Node 20's AsyncResource#bind gives every bound function a deprecated `asyncResource` getter
 * (DEP0172), built with util.deprecate on each call: about 9 us and a prototype change per call.
 * Fastify binds its body parser's callback once per request with a body, so every POST, PUT and
 * PATCH paid it. This bind keeps the documented behaviour (runs fn in the resource's async
 * scope, with `this` or thisArg, and fn's length) without the deprecated property. Node
 * versions whose bind has no such getter keep their own bind.
 */
export function installLightAsyncResourceBind(): boolean {
  if (!hasDeprecatedResourceGetter()) return false;
  const bind: Bind = function (this: AsyncResource, fn, thisArg) {
    if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
    const bound = boundTo(this, fn, thisArg);
    Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length });
    return bound;
  };
  (AsyncResource.prototype as unknown as { bind: Bind }).bind = bind;
  return true;
}

function boundTo(resource: AsyncResource, fn: Fn, thisArg: unknown) {
  if (thisArg !== undefined) return (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
  // A plain function: the caller's `this` passes through, as with Node's own bind.
  return function (this: unknown, ...args: unknown[]) {
    return resource.runInAsyncScope(fn, this, ...args);
  };
}

function hasDeprecatedResourceGetter(): boolean {
  const probe = new AsyncResource('bind-probe').bind(() => undefined);
  return Object.getOwnPropertyDescriptor(probe, 'asyncResource')?.get !== undefined;
}
