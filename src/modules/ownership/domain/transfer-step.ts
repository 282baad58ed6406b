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
