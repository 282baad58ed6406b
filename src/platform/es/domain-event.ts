/**
 * A fact a decider produced. `data` must be plain JSON (the store serialises it as is); it is
 * typed per event by the module that owns it.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** A business rule refused a command; the message says which and why. */
export class DomainError extends Error {
  constructor(
    /** Stable machine-readable reason, e.g. 'user.not-found', 'subscription.name-taken'. */
    readonly code: string,
    message: string,
    /** Which kind of failure, so edges can map it to a status without knowing every code. */
    readonly kind: 'not-found' | 'conflict' | 'invalid' = 'invalid',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
