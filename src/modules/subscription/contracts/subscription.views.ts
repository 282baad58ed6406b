import { SubscriptionRoles } from './subscription-roles';

/** A subscription as the admin API and other modules see it (from the read model). */
export interface SubscriptionView extends SubscriptionRoles {
  name: string;
  companyName: string;
  createdAt: string;
  /** `https://users-<name>.<PUBLIC_BASE_DOMAIN>/scim/v2`: what Entra's "Tenant URL" is set to. */
  tenantUrl: string;
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
