import { HeirRule } from '../contracts/heir-decision';

/** Moving one item of a transfer; ids come from the transfer, never generated here. */
export interface TransferStep {
  type: 'Transfer';
  fromUserId: string;
  toUserId: string;
  transferId: string;
  rule: HeirRule;
  at: string;
}

export type TransferredFields = Omit<TransferStep, 'type'>;

/**
 * What a moved item's event records, or null when its user no longer holds it: the step is
 * idempotent, so a resumed transfer moves every item exactly once.
 */
export function movedIfHeld(step: TransferStep, holderId: string | undefined): TransferredFields | null {
  if (holderId !== step.fromUserId) return null;
  const { fromUserId, toUserId, transferId, rule, at } = step;
  return { fromUserId, toUserId, transferId, rule, at };
}
