import { DomainError } from '../../../platform/es/domain-event';

export class UserNotFoundError extends DomainError {
  constructor(userId: string) {
    super('user.not-found', `user ${userId} not found`, 'not-found');
  }
}

export class UserAlreadyExistsError extends DomainError {
  constructor(userId: string) {
    super('user.exists', `user ${userId} already exists`, 'conflict');
  }
}

export { IncompleteUserError } from '../contracts/incomplete-user.error';

/** seed: a user whose account is disabled is not synchronized. */
export class DisabledUserNotSynchronizedError extends DomainError {
  constructor() {
    super(
      'user.disabled-not-synchronized',
      'user not synchronized: the account is disabled (active is false) and this subscription does not synchronize disabled users',
      'invalid',
    );
  }
}

export class InvalidManagerError extends DomainError {
  constructor(reason: string) {
    super('user.invalid-manager', `invalid manager: ${reason}`, 'invalid');
  }
}

/** The disable-user rule refused: the detail says which role to assign first. */
export class DisableRefusedError extends DomainError {
  constructor(detail: string) {
    super('user.disable-refused', detail, 'conflict');
  }
}

/** The user changed between the caller's look and the decision (e.g. re-enabled during a disable). */
export class UserChangedConcurrentlyError extends DomainError {
  constructor() {
    super(
      'user.changed-concurrently',
      'the user changed while this request was decided; retry it',
      'conflict',
    );
  }
}

/** A re-enable waits for the transfer of the user's disable to end; this one did not end in time. */
export class HandoverStillRunningError extends DomainError {
  constructor(heirId: string) {
    super(
      'user.handover-running',
      `the user's resources and permissions are still being handed over to ${heirId} (the transfer of its disable): retry once it has completed`,
      'conflict',
    );
  }
}
