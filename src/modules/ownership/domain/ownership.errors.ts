import { DomainError } from '../../../platform/es/domain-event';
import { UserStatus } from '../../identity/contracts/user.queries';

/** A resource or permission can only go to an active user of the subscription. */
export function assertActiveHolder(userId: string, status: UserStatus): void {
  if (status === 'absent')
    throw new DomainError(
      'ownership.unknown-user',
      `user ${userId} is not a user of this subscription`,
      'not-found',
    );
  if (status === 'disabled')
    throw new DomainError(
      'ownership.disabled-user',
      `user ${userId} is disabled and cannot receive it`,
      'conflict',
    );
}

export class ResourceExistsError extends DomainError {
  constructor(id: string) {
    super('ownership.exists', `${id} already exists`, 'conflict');
  }
}

export class InvalidOwnershipInputError extends DomainError {
  constructor(reason: string) {
    super('ownership.invalid', reason, 'invalid');
  }
}

/** Never granted, or revoked already. */
export class PermissionNotFoundError extends DomainError {
  constructor(permissionId: string) {
    super(
      'permission.not-found',
      `permission ${permissionId} not found (never granted, or revoked)`,
      'not-found',
    );
  }
}

/** Never created, or deleted already. */
export class ResourceNotFoundError extends DomainError {
  constructor(resourceId: string) {
    super('resource.not-found', `resource ${resourceId} not found (never created, or deleted)`, 'not-found');
  }
}
