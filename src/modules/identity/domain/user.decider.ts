import { Decider } from '../../../platform/es/decider';
import { assertNever } from '../../../platform/es/domain-event';
import { jsonEquals } from '../../../platform/es/json-equals';
import { HeirDecision, Handover } from '../../ownership/contracts/heir-decision';
import { UserEvent } from '../contracts/user.events';
import { UserProfile } from '../contracts/user-profile';
import { SynchronizationRule, missingAttributes } from './user-completeness';
import {
  DisableRefusedError,
  DisabledUserNotSynchronizedError,
  UserChangedConcurrentlyError,
  IncompleteUserError,
  InvalidManagerError,
  UserAlreadyExistsError,
  UserNotFoundError,
} from './user.errors';

/** What the handler found out about a proposed manager (the decider does no I/O). */
export interface ManagerFacts {
  id: string;
  exists: boolean;
}

export type UserCommand =
  | {
      type: 'ProvisionUser';
      subscription: string;
      userId: string;
      profile: UserProfile;
      active: boolean;
      manager: ManagerFacts | null;
      rule: SynchronizationRule;
      at: string;
    }
  | {
      /** The desired state after a SCIM PUT or PATCH: the decider emits only what changed. */
      type: 'ChangeUser';
      userId: string;
      profile: UserProfile;
      active: boolean;
      manager: ManagerFacts | null;
      rule: SynchronizationRule;
      /** Taken by the caller when this change disables an active user; required then. */
      heir?: HeirDecision;
      at: string;
    }
  | { type: 'DisableUser'; userId: string; heir?: HeirDecision; at: string }
  | { type: 'DeleteUser'; userId: string; heir?: HeirDecision; at: string }
  /** The manager was deleted: the user no longer reports to it (nothing if it reports to another). */
  | { type: 'ReleaseDeletedManager'; userId: string; managerId: string; at: string };

export type UserState =
  | { status: 'absent' }
  | {
      status: 'active' | 'disabled';
      subscription: string;
      userId: string;
      profile: UserProfile;
      managerId: string | null;
    }
  | { status: 'deleted'; subscription: string; userId: string };

function checkManager(userId: string, manager: ManagerFacts | null): void {
  if (!manager) return;
  if (manager.id === userId) throw new InvalidManagerError('a user cannot be its own manager');
  if (!manager.exists) throw new InvalidManagerError(`${manager.id} is not a user of this subscription`);
}

function checkComplete(profile: UserProfile, rule: SynchronizationRule): void {
  const missing = missingAttributes(profile, rule);
  if (missing.length > 0) throw new IncompleteUserError(missing);
}

/** seed: the only company owner cannot be disabled; an heir that is needed must exist. */
function handoverOf(heir: HeirDecision | undefined): Handover | null {
  // The user became active after the caller looked (a concurrent enable): decide again.
  if (!heir) throw new UserChangedConcurrentlyError();
  if (heir.outcome === 'refused') throw new DisableRefusedError(heir.detail);
  if (heir.outcome === 'no-transfer') return null;
  const { heirId, rule, takesSubscriptionOwnership, removesCompanyOwnership } = heir;
  return { heirId, rule, takesSubscriptionOwnership, removesCompanyOwnership };
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'ProvisionUser': {
        if (state.status !== 'absent') throw new UserAlreadyExistsError(command.userId);
        const { subscription, userId, profile, active, manager, rule, at } = command;
        if (!active && !rule.synchronizeDisabledUsers) throw new DisabledUserNotSynchronizedError();
        checkComplete(profile, rule);
        checkManager(userId, manager);
        return [
          {
            type: 'UserProvisioned',
            data: { subscription, userId, profile, active, managerId: manager?.id ?? null, at },
          },
        ];
      }
      case 'ChangeUser': {
        if (state.status !== 'active' && state.status !== 'disabled')
          throw new UserNotFoundError(command.userId);
        const { subscription, userId } = state;
        const { profile, active, manager, at } = command;
        const events: UserEvent[] = [];
        if (!jsonEquals(profile, state.profile)) {
          checkComplete(profile, command.rule);
          events.push({ type: 'UserProfileChanged', data: { subscription, userId, profile, at } });
        }
        const managerId = manager?.id ?? null;
        if (managerId !== state.managerId) {
          if (manager) {
            checkManager(userId, manager);
            events.push({
              type: 'UserManagerAssigned',
              data: { subscription, userId, managerId: manager.id, at },
            });
          } else if (state.managerId) {
            events.push({
              type: 'UserManagerRemoved',
              data: { subscription, userId, previousManagerId: state.managerId, at },
            });
          }
        }
        if (active && state.status === 'disabled')
          events.push({ type: 'UserEnabled', data: { subscription, userId, at } });
        if (!active && state.status === 'active')
          events.push({
            type: 'UserDisabled',
            data: { subscription, userId, at, handover: handoverOf(command.heir) },
          });
        return events;
      }
      case 'DisableUser': {
        if (state.status !== 'active' && state.status !== 'disabled')
          throw new UserNotFoundError(command.userId);
        if (state.status === 'disabled') return [];
        const { subscription, userId } = state;
        return [
          {
            type: 'UserDisabled',
            data: { subscription, userId, at: command.at, handover: handoverOf(command.heir) },
          },
        ];
      }
      case 'DeleteUser': {
        if (state.status !== 'active' && state.status !== 'disabled')
          throw new UserNotFoundError(command.userId);
        const { subscription, userId } = state;
        // Deleting a disabled user hands nothing over: that happened when it was disabled.
        const handover = state.status === 'active' ? handoverOf(command.heir) : null;
        const userName = state.profile.userName;
        return [{ type: 'UserDeleted', data: { subscription, userId, userName, at: command.at, handover } }];
      }
      case 'ReleaseDeletedManager': {
        if (state.status !== 'active' && state.status !== 'disabled') return [];
        if (state.managerId !== command.managerId) return [];
        const { subscription, userId } = state;
        return [
          {
            type: 'UserManagerRemoved',
            data: { subscription, userId, previousManagerId: command.managerId, at: command.at },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'UserProvisioned': {
        const { subscription, userId, profile, active, managerId } = event.data;
        return { status: active ? 'active' : 'disabled', subscription, userId, profile, managerId };
      }
      case 'UserDeleted':
        return { status: 'deleted', subscription: event.data.subscription, userId: event.data.userId };
      default:
        if (state.status !== 'active' && state.status !== 'disabled') return state;
        switch (event.type) {
          case 'UserProfileChanged':
            return { ...state, profile: event.data.profile };
          case 'UserManagerAssigned':
            return { ...state, managerId: event.data.managerId };
          case 'UserManagerRemoved':
            return { ...state, managerId: null };
          case 'UserDisabled':
            return { ...state, status: 'disabled' };
          case 'UserEnabled':
            return { ...state, status: 'active' };
          default:
            return assertNever(event);
        }
    }
  },
};
