import { ApiProperty } from '@nestjs/swagger';
import { ScimTokenStatus } from '../domain/scim-token';

// OpenAPI descriptions of what the subscription routes answer (SubscriptionView, SubscriptionRoles,
// IssuedScimToken, ScimTokenView); documentation only, never instantiated.

const USER_ID = '2819c223-7f76-453a-919d-413861904646';
const TOKEN_ID = '9f86d081884c7d65';
const TENANT_URL = 'https://users-contoso.portal.example.com/scim/v2';
const SCIM_TOKEN_STATUSES: Record<ScimTokenStatus, true> = { active: true, revoked: true, expired: true };

export class CompanyOwnerResponse {
  @ApiProperty({ description: 'SCIM `id` of the company owner.', example: USER_ID })
  userId!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the user became a company owner.',
    example: '2025-01-15T09:30:00.000Z',
  })
  since!: string;
}

/** SubscriptionRoles: what the role routes answer. */
export class SubscriptionRolesResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SCIM `id` of the subscription owner; null until one is assigned.',
    example: USER_ID,
  })
  subscriptionOwner!: string | null;

  @ApiProperty({
    type: [CompanyOwnerResponse],
    description:
      'In the order they were added, oldest first: the first active one inherits from a disabled ' +
      'company owner or subscription owner.',
  })
  companyOwners!: CompanyOwnerResponse[];
}

export class SubscriptionCountsResponse {
  @ApiProperty({ description: 'SCIM tokens accepted now (neither revoked nor expired).', example: 1 })
  scimTokens!: number;
}

/** SubscriptionView. */
export class SubscriptionResponse extends SubscriptionRolesResponse {
  @ApiProperty({ description: 'The subscription name (lower-case DNS label).', example: 'contoso' })
  name!: string;

  @ApiProperty({ example: 'Contoso Ltd' })
  companyName!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T09:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({
    description: 'https://users-<name>.<PUBLIC_BASE_DOMAIN>/scim/v2: the "Tenant URL" to set in Entra ID.',
    example: TENANT_URL,
  })
  tenantUrl!: string;

  @ApiProperty({ type: SubscriptionCountsResponse })
  counts!: SubscriptionCountsResponse;
}

export class SubscriptionListResponse {
  @ApiProperty({ type: [SubscriptionResponse] })
  subscriptions!: SubscriptionResponse[];
}

/** IssuedScimToken: the only answer that carries the token in clear. */
export class IssuedScimTokenResponse {
  @ApiProperty({
    description: 'Token id (16 hex digits): what the list shows and what DELETE revokes.',
    example: TOKEN_ID,
    pattern: '^[0-9a-f]{16}$',
  })
  id!: string;

  @ApiProperty({
    description:
      'The bearer token for Entra ID ("Secret Token"), scim_<id>_<secret>. Shown only in this ' +
      'answer: the service keeps a hash of the secret and can never show it again.',
    example: `scim_${TOKEN_ID}_Jm9v3Q0bQ2x4cWZ0bE1uT3BxUnNUdVZ3WHlaMDEyMzQ1Njc`,
    pattern: '^scim_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$',
  })
  token!: string;

  @ApiProperty({ description: 'The "Tenant URL" to set in Entra ID next to the token.', example: TENANT_URL })
  tenantUrl!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Entra ID provisioning (production)' })
  description!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Normalized to UTC; null: never expires.',
    example: '2026-12-31T23:59:59.000Z',
  })
  expiresAt!: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T09:05:00.000Z' })
  createdAt!: string;
}

/** ScimTokenView: never the token nor its hash. */
export class ScimTokenResponse {
  @ApiProperty({ description: 'Token id (16 hex digits).', example: TOKEN_ID, pattern: '^[0-9a-f]{16}$' })
  id!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Entra ID provisioning (production)' })
  description!: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T09:05:00.000Z' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null: never expires.',
    example: '2026-12-31T23:59:59.000Z',
  })
  expiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt!: string | null;

  @ApiProperty({
    enum: Object.keys(SCIM_TOKEN_STATUSES),
    description: 'active: accepted now; revoked wins over expired.',
    example: 'active',
  })
  status!: ScimTokenStatus;
}

export class ScimTokenListResponse {
  @ApiProperty({
    type: [ScimTokenResponse],
    description: 'Every token ever issued, revoked and expired ones included.',
  })
  tokens!: ScimTokenResponse[];
}
