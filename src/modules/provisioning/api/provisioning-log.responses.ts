import { ApiProperty } from '@nestjs/swagger';

// OpenAPI descriptions of what GET provisioning-log answers; documentation only, never instantiated.

export class ProvisioningLogErrorResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The SCIM scimType, when one was sent.',
    example: null,
  })
  scimType!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The SCIM error detail: e.g. why a user was not synchronized.',
    example: 'user not synchronized: incomplete data, missing name.familyName',
  })
  detail!: string | null;
}

/** One SCIM request the subscription received. Never a body or a token. */
export class ProvisioningLogEntryResponse {
  @ApiProperty({ example: 1234 })
  id!: number;

  @ApiProperty({
    format: 'date-time',
    description: 'When the request arrived.',
    example: '2025-02-01T10:00:00.000Z',
  })
  at!: string;

  @ApiProperty({ example: 'POST' })
  method!: string;

  @ApiProperty({ description: 'Without the query string.', example: '/scim/v2/Users' })
  path!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The filter of a list or search request (truncated).',
    example: null,
  })
  filter!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'User' })
  resourceType!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'SCIM `id` of the resource the request addressed or created, when known.',
    example: null,
  })
  resourceId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The userName (users) or displayName (groups) a POST or PUT named (the only value of a body that is kept); null otherwise.',
    example: 'bjensen@contoso.com',
  })
  subject!: string | null;

  @ApiProperty({ description: 'HTTP status answered.', example: 400 })
  status!: number;

  @ApiProperty({
    type: ProvisioningLogErrorResponse,
    nullable: true,
    description: 'For a status of 400 or more; null otherwise.',
  })
  error!: ProvisioningLogErrorResponse | null;

  @ApiProperty({ example: 3 })
  durationMs!: number;

  @ApiProperty({
    description: 'The x-correlation-id of the response.',
    example: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  })
  correlationId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Id of the SCIM token the request presented, also when it was refused (revoked, expired, wrong secret).',
    example: '9f86d081884c7d65',
  })
  tokenId!: string | null;
}

export class ProvisioningLogPageResponse {
  @ApiProperty({ type: [ProvisioningLogEntryResponse], description: 'Newest first.' })
  entries!: ProvisioningLogEntryResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor to get the next (older) page; null when there is none.',
    example: 'MTczODQwNDAwMDAwMC4xMjM0',
  })
  nextCursor!: string | null;
}
