/** A subscription as the admin API and other modules see it. */
export interface SubscriptionView {
  name: string;
  companyName: string;
  createdAt: string;
  /** `https://users-<name>.<PUBLIC_BASE_DOMAIN>/scim/v2`: what Entra's "Tenant URL" is set to. */
  tenantUrl: string;
  /** Filled by the owners issue; null until then. */
  subscriptionOwner: string | null;
  companyOwners: string[];
  counts: {
    /** Tokens that would be accepted now (neither revoked nor expired). */
    scimTokens: number;
  };
}

/** Who a valid SCIM bearer token speaks for. */
export interface ScimTokenPrincipal {
  subscription: string;
  tokenId: string;
}
