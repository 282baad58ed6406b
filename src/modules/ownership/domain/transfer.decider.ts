import { Decider } from '../../../platform/es/decider';
import { assertNever } from '../../../platform/es/domain-event';
import { Handover } from '../contracts/heir-decision';
import { RoleNotMoved, TransferEvent } from '../contracts/ownership.events';

export type TransferCommand =
  | {
      type: 'Start';
      subscription: string;
      transferId: string;
      fromUserId: string;
      handover: Handover;
      trigger: 'disabled' | 'deleted';
      at: string;
    }
  | { type: 'Complete'; resources: number; permissions: number; rolesNotMoved: RoleNotMoved[]; at: string };

export type TransferState =
  { status: 'none' } | { status: 'running' | 'completed'; subscription: string; transferId: string };

/** The progress of one transfer, as events: started once, completed once. */
export const transferDecider: Decider<TransferCommand, TransferEvent, TransferState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'Start': {
        if (state.status !== 'none') return [];
        const { subscription, transferId, fromUserId, handover, trigger, at } = command;
        return [
          {
            type: 'OwnershipTransferStarted',
            data: {
              subscription,
              transferId,
              fromUserId,
              toUserId: handover.heirId,
              rule: handover.rule,
              trigger,
              takesSubscriptionOwnership: handover.takesSubscriptionOwnership,
              removesCompanyOwnership: handover.removesCompanyOwnership,
              at,
            },
          },
        ];
      }
      case 'Complete':
        if (state.status !== 'running') return [];
        return [
          {
            type: 'OwnershipTransferCompleted',
            data: {
              subscription: state.subscription,
              transferId: state.transferId,
              resources: command.resources,
              permissions: command.permissions,
              rolesNotMoved: command.rolesNotMoved,
              at: command.at,
            },
          },
        ];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OwnershipTransferStarted':
        return {
          status: 'running',
          subscription: event.data.subscription,
          transferId: event.data.transferId,
        };
      case 'OwnershipTransferCompleted':
        return state.status === 'none' ? state : { ...state, status: 'completed' };
      default:
        return assertNever(event);
    }
  },
};
