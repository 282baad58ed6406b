import { DomainError } from '../../../platform/es/domain-event';

export class GroupNotFoundError extends DomainError {
  constructor(groupId: string) {
    super('group.not-found', `group ${groupId} not found`, 'not-found');
  }
}

export class GroupAlreadyExistsError extends DomainError {
  constructor(groupId: string) {
    super('group.exists', `group ${groupId} already exists`, 'conflict');
  }
}

export class UnknownMembersError extends DomainError {
  constructor(readonly memberIds: string[]) {
    const shown = memberIds.slice(0, 20).join(', ');
    const more = memberIds.length > 20 ? ` and ${memberIds.length - 20} more` : '';
    super(
      'group.unknown-members',
      `members must be users or groups of this subscription; unknown: ${shown}${more}`,
      'invalid',
    );
  }
}

export class GroupCycleError extends DomainError {
  constructor(groupId: string, memberId: string) {
    super(
      'group.cycle',
      memberId === groupId
        ? `group ${groupId} cannot be a member of itself`
        : `adding group ${memberId} to group ${groupId} would make the group contain itself through nesting`,
      'invalid',
    );
  }
}

export class GroupNestingTooDeepError extends DomainError {
  constructor(groupId: string, memberId: string, limit: number) {
    super(
      'group.nesting-too-deep',
      `adding group ${memberId} to group ${groupId} would nest more than ${limit} groups in one chain`,
      'invalid',
    );
  }
}

export class InvalidGroupError extends DomainError {
  constructor(reason: string) {
    super('group.invalid', reason, 'invalid');
  }
}
