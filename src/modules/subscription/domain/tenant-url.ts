/** What an admin pastes into Entra's "Tenant URL" (seed: http://users-<subscriptionName>.<domain>/scim/v2). */
export function tenantUrl(subscription: string, publicBaseDomain: string): string {
  return `https://users-${subscription}.${publicBaseDomain}/scim/v2`;
}
