import { Command } from '@nestjs/cqrs';
import { Position } from '../../../platform/event-store/position';
import { CommandContext } from '../../../platform/es/command-context';
import { CompanyOwnerRemovalReason, SubscriptionRoles } from './subscription-roles';

export interface SubscriptionRolesWriteResult {
  subscription: string;
  /** The roles after the command. */
  roles: SubscriptionRoles;
  /** Revision of the subscription stream after the command. */
  revision: number;
  /** Position of the last event written; null when nothing changed. The read model includes it. */
  position: Position | null;
}

/**
 * Makes an active user of the subscription its (only) owner, replacing the previous one.
 * Refused: unknown subscription or user (not-found), disabled user (conflict).
 * `handedOverFrom`: the role comes with the handover of this disabled user (the transfer saga).
 * It then replaces only that user, or an owner no longer active (a chain of handovers); an active
 * owner assigned since (an admin's choice) is kept, and the command refused (conflict).
 */
export class AssignSubscriptionOwnerCommand extends Command<SubscriptionRolesWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly context: CommandContext,
    readonly handedOverFrom?: string,
  ) {
    super();
  }
}

/** Adds an active user as a company owner; adding a current one changes nothing. Same refusals. */
export class AddCompanyOwnerCommand extends Command<SubscriptionRolesWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Removes a company owner. Refused: not a company owner (not-found); the last one (conflict:
 * another company owner must be added first), whatever the reason; for reason 'removed' (an
 * admin), also the last active one.
 */
export class RemoveCompanyOwnerCommand extends Command<SubscriptionRolesWriteResult> {
  constructor(
    readonly subscription: string,
    readonly userId: string,
    readonly reason: CompanyOwnerRemovalReason,
    readonly context: CommandContext,
  ) {
    super();
  }
}
