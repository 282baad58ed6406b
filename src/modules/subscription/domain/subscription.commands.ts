import { RequiredProfileAttribute } from '../contracts/provisioning-policy';
import { CompanyOwnerRemovalReason } from '../contracts/subscription-roles';

/** What Identity says of a user, asked by the handler before deciding: roles go only to active users. */
export type UserStatusFact = 'active' | 'disabled' | 'absent';

/** What the subscription aggregate is asked to do; time, ids and outside facts are given by the caller. */
export type SubscriptionCommand =
  | { type: 'CreateSubscription'; name: string; companyName: string; at: string }
  | {
      type: 'IssueScimToken';
      subscription: string;
      tokenId: string;
      secretHash: string;
      description: string | null;
      expiresAt: string | null;
      at: string;
    }
  | { type: 'RevokeScimToken'; subscription: string; tokenId: string; at: string }
  | {
      type: 'ChangeProvisioningPolicy';
      subscription: string;
      /** As asked: the decider checks them and puts them in canonical order. */
      requiredUserAttributes: readonly RequiredProfileAttribute[];
      synchronizeDisabledUsers: boolean;
      at: string;
    }
  | {
      type: 'AssignSubscriptionOwner';
      subscription: string;
      userId: string;
      userStatus: UserStatusFact;
      /** Set by a handover: whose it is, and Identity's word on the owner the role would replace. */
      handover?: { fromUserId: string; currentOwnerStatus: UserStatusFact };
      at: string;
    }
  | { type: 'AddCompanyOwner'; subscription: string; userId: string; userStatus: UserStatusFact; at: string }
  | {
      type: 'RemoveCompanyOwner';
      subscription: string;
      userId: string;
      reason: CompanyOwnerRemovalReason;
      /**
       * For a removal by an admin: the other company owners Identity reports active. A disabled one
       * is still listed until its transfer removes it, so counting the list alone could leave only
       * disabled company owners. Not asked when the transfer removes a disabled one (undefined).
       */
      otherActiveCompanyOwners?: number;
      at: string;
    };
