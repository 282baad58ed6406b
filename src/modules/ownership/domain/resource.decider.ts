import { Decider } from '../../../platform/es/decider';
import { assertNever } from '../../../platform/es/domain-event';
import { UserStatus } from '../../identity/contracts/user.queries';
import { ResourceEvent } from '../contracts/ownership.events';
import {
  InvalidOwnershipInputError,
  ResourceExistsError,
  ResourceNotFoundError,
  assertActiveHolder,
} from './ownership.errors';
import { TransferStep, movedIfHeld } from './transfer-step';

export type ResourceCommand =
  | {
      type: 'Create';
      subscription: string;
      resourceId: string;
      resourceType: string;
      name: string;
      ownerId: string;
      ownerStatus: UserStatus;
      at: string;
    }
  | { type: 'Delete'; resourceId: string; at: string }
  | TransferStep;

export type ResourceState =
  | { status: 'absent' }
  | {
      status: 'present';
      subscription: string;
      resourceId: string;
      resourceType: string;
      name: string;
      ownerId: string;
    }
  | { status: 'deleted' };

export const resourceDecider: Decider<ResourceCommand, ResourceEvent, ResourceState> = {
  initialState: { status: 'absent' },

  decide(command, state) {
    switch (command.type) {
      case 'Create': {
        if (state.status !== 'absent') throw new ResourceExistsError(`resource ${command.resourceId}`);
        if (command.resourceType.trim() === '' || command.name.trim() === '')
          throw new InvalidOwnershipInputError('a resource needs a type and a name');
        assertActiveHolder(command.ownerId, command.ownerStatus);
        const { subscription, resourceId, resourceType, name, ownerId, at } = command;
        return [
          { type: 'ResourceCreated', data: { subscription, resourceId, resourceType, name, ownerId, at } },
        ];
      }
      case 'Delete': {
        if (state.status !== 'present') throw new ResourceNotFoundError(command.resourceId);
        const { subscription, resourceId, resourceType, name, ownerId } = state;
        return [
          {
            type: 'ResourceDeleted',
            data: { subscription, resourceId, resourceType, name, ownerId, at: command.at },
          },
        ];
      }
      case 'Transfer': {
        const moved = movedIfHeld(command, state.status === 'present' ? state.ownerId : undefined);
        if (!moved || state.status !== 'present') return [];
        return [
          {
            type: 'ResourceOwnershipTransferred',
            data: { subscription: state.subscription, resourceId: state.resourceId, ...moved },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ResourceCreated':
        return {
          status: 'present',
          subscription: event.data.subscription,
          resourceId: event.data.resourceId,
          resourceType: event.data.resourceType,
          name: event.data.name,
          ownerId: event.data.ownerId,
        };
      case 'ResourceOwnershipTransferred':
        return state.status === 'present' ? { ...state, ownerId: event.data.toUserId } : state;
      case 'ResourceDeleted':
        return { status: 'deleted' };
      default:
        return assertNever(event);
    }
  },
};
