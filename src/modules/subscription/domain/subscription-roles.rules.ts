import { assertNever } from '../../../platform/es/domain-event';
import { CompanyOwner, SubscriptionRoles } from '../contracts/subscription-roles';
import { SubscriptionEvent } from '../contracts/subscription.events';
import { SubscriptionCommand, UserStatusFact } from './subscription.commands';
import {
  LastCompanyOwnerError,
  NotACompanyOwnerError,
  SubscriptionOwnerReassignedError,
  UserDisabledError,
  UserNotInSubscriptionError,
} from './subscription.errors';

type RoleCommandType = 'AssignSubscriptionOwner' | 'AddCompanyOwner' | 'RemoveCompanyOwner';
type RoleEventType = 'SubscriptionOwnerAssigned' | 'CompanyOwnerAdded' | 'CompanyOwnerRemoved';

export type RoleCommand = Extract<SubscriptionCommand, { type: RoleCommandType }>;
export type RoleEvent = Extract<SubscriptionEvent, { type: RoleEventType }>;

/** The roles part of an existing subscription's state. */
export interface RolesState {
  name: string;
  subscriptionOwner: string | null;
  /** In the order they were added: the first is the longest-standing (heir of the disable rule's case 1). */
  companyOwners: readonly CompanyOwner[];
}

function requireActiveUser(state: RolesState, userId: string, status: UserStatusFact): void {
  if (status === 'absent') throw new UserNotInSubscriptionError(state.name, userId);
  if (status === 'disabled') throw new UserDisabledError(userId);
}

const isCompanyOwner = (state: RolesState, userId: string) =>
  state.companyOwners.some((owner) => owner.userId === userId);

/** Exactly one subscription owner once set; one or more company owners once set; roles only to active users. */
export function decideRoles(command: RoleCommand, state: RolesState): SubscriptionEvent[] {
  const { userId, at } = command;
  switch (command.type) {
    case 'AssignSubscriptionOwner': {
      requireActiveUser(state, userId, command.userStatus);
      if (state.subscriptionOwner === userId) return [];
      const previousOwnerId = state.subscriptionOwner;
      const { handover } = command;
      if (
        handover &&
        previousOwnerId !== null &&
        previousOwnerId !== handover.fromUserId &&
        handover.currentOwnerStatus === 'active'
      )
        throw new SubscriptionOwnerReassignedError(state.name, previousOwnerId, handover.fromUserId);
      return [{ type: 'SubscriptionOwnerAssigned', data: { userId, previousOwnerId, at } }];
    }
    case 'AddCompanyOwner':
      requireActiveUser(state, userId, command.userStatus);
      if (isCompanyOwner(state, userId)) return [];
      return [{ type: 'CompanyOwnerAdded', data: { userId, at } }];
    case 'RemoveCompanyOwner':
      if (!isCompanyOwner(state, userId)) throw new NotACompanyOwnerError(state.name, userId);
      // Whatever the reason: a subscription that had company owners never loses its last one.
      if (state.companyOwners.length === 1)
        throw new LastCompanyOwnerError(state.name, userId, command.reason);
      if (command.otherActiveCompanyOwners === 0)
        throw new LastCompanyOwnerError(state.name, userId, command.reason, 'active');
      return [{ type: 'CompanyOwnerRemoved', data: { userId, reason: command.reason, at } }];
    default:
      return assertNever(command);
  }
}

export function evolveRoles<State extends RolesState>(state: State, event: RoleEvent): State {
  switch (event.type) {
    case 'SubscriptionOwnerAssigned':
      return { ...state, subscriptionOwner: event.data.userId };
    case 'CompanyOwnerAdded':
      return {
        ...state,
        companyOwners: [...state.companyOwners, { userId: event.data.userId, since: event.data.at }],
      };
    case 'CompanyOwnerRemoved':
      return {
        ...state,
        companyOwners: state.companyOwners.filter((owner) => owner.userId !== event.data.userId),
      };
    default:
      return assertNever(event);
  }
}

export function rolesOf(state: RolesState): SubscriptionRoles {
  return {
    subscriptionOwner: state.subscriptionOwner,
    companyOwners: state.companyOwners.map((owner) => ({ ...owner })),
  };
}
