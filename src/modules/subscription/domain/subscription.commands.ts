/** What the subscription aggregate is asked to do; time and ids are chosen by the caller. */
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
      /** As the admin sent them: the decider validates and normalises. */
      requiredUserAttributes: readonly string[];
      synchronizeDisabledUsers: boolean;
      at: string;
    };
