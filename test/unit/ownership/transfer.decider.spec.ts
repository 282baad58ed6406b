import { TransferEvent } from '../../../src/modules/ownership/contracts/ownership.events';
import { TransferCommand, transferDecider } from '../../../src/modules/ownership/domain/transfer.decider';
import { deciderSpec } from '../../support/decider-spec';

const spec = deciderSpec(transferDecider);
const T0 = '2026-11-01T00:00:00.000Z';
const T1 = '2026-11-01T00:00:01.000Z';

const start: TransferCommand = {
  type: 'Start',
  subscription: 'acme',
  transferId: 't-1',
  fromUserId: 'so',
  handover: {
    heirId: 'co1',
    rule: 'company-owner-for-subscription-owner',
    takesSubscriptionOwnership: true,
    removesCompanyOwnership: false,
  },
  trigger: 'disabled',
  at: T0,
};
const started: TransferEvent = {
  type: 'OwnershipTransferStarted',
  data: {
    subscription: 'acme',
    transferId: 't-1',
    fromUserId: 'so',
    toUserId: 'co1',
    rule: 'company-owner-for-subscription-owner',
    trigger: 'disabled',
    takesSubscriptionOwnership: true,
    removesCompanyOwnership: false,
    at: T0,
  },
};
const refused = { role: 'subscription-owner' as const, reason: 'an admin assigned another owner since' };
const complete = (rolesNotMoved = [refused]): TransferCommand => ({
  type: 'Complete',
  resources: 3,
  permissions: 1,
  rolesNotMoved,
  at: T1,
});
const completed = (rolesNotMoved = [refused]): TransferEvent => ({
  type: 'OwnershipTransferCompleted',
  data: { subscription: 'acme', transferId: 't-1', resources: 3, permissions: 1, rolesNotMoved, at: T1 },
});

describe('transfer decider: started once, completed once', () => {
  it('starts with the handover decided at the disable', () => spec.given([]).when(start).then([started]));
  it('a start replayed after a crash records nothing', () => spec.given([started]).when(start).thenNothing());
  it('completes with what moved and the role changes the rules refused', () =>
    spec.given([started]).when(complete()).then([completed()]));
  it('completes with no refusal', () =>
    spec
      .given([started])
      .when(complete([]))
      .then([completed([])]));
  it('a completion replayed after a crash records nothing', () =>
    spec.given([started, completed()]).when(complete()).thenNothing());
  it('cannot complete a transfer never started', () => spec.given([]).when(complete()).thenNothing());
});
