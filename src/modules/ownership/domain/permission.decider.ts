import { Decider } from '../../../platform/es/decider';
import { assertNever } from '../../../platform/es/domain-event';
import { UserStatus } from '../../identity/contracts/user.queries';
import { PermissionEvent } from '../contracts/ownership.events';
import {
  InvalidOwnershipInputError,
  PermissionNotFoundError,
  ResourceExistsError,
  assertActiveHolder,
} from './ownership.errors';
import { TransferStep, movedIfHeld } from './transfer-step';

export type PermissionCommand =
  | {
      type: 'Grant';
      subscription: string;
      permissionId: string;
      permission: string;
      holderId: string;
      holderStatus: UserStatus;
      at: string;
    }
  | { type: 'Revoke'; permissionId: string; at: string }
  | TransferStep;

export type PermissionState =
  | { status: 'absent' }
  | { status: 'present'; subscription: string; permissionId: string; permission: string; holderId: string }
  | { status: 'revoked' };

export const permissionDecider: Decider<PermissionCommand, PermissionEvent, PermissionState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'Grant': {
        if (state.status !== 'absent') throw new ResourceExistsError(`permission ${command.permissionId}`);
        if (command.permission.trim() === '')
          throw new InvalidOwnershipInputError('a permission needs a name');
        assertActiveHolder(command.holderId, command.holderStatus);
        const { subscription, permissionId, permission, holderId, at } = command;
        return [
          { type: 'PermissionGranted', data: { subscription, permissionId, permission, holderId, at } },
        ];
      }
      case 'Revoke': {
        if (state.status !== 'present') throw new PermissionNotFoundError(command.permissionId);
        const { subscription, permissionId, permission, holderId } = state;
        return [
          {
            type: 'PermissionRevoked',
            data: { subscription, permissionId, permission, holderId, at: command.at },
          },
        ];
      }
      case 'Transfer': {
        const moved = movedIfHeld(command, state.status === 'present' ? state.holderId : undefined);
        if (!moved || state.status !== 'present') return [];
        return [
          {
            type: 'PermissionTransferred',
            data: { subscription: state.subscription, permissionId: state.permissionId, ...moved },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PermissionGranted':
        return {
          status: 'present',
          subscription: event.data.subscription,
          permissionId: event.data.permissionId,
          permission: event.data.permission,
          holderId: event.data.holderId,
        };
      case 'PermissionTransferred':
        return state.status === 'present' ? { ...state, holderId: event.data.toUserId } : state;
      case 'PermissionRevoked':
        return { status: 'revoked' };
      default:
        return assertNever(event);
    }
  },
};
