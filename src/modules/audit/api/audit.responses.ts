import { ApiProperty } from '@nestjs/swagger';
import { AUDITED_STREAMS, AuditedEntity } from '../application/audited-streams';

// OpenAPI descriptions of what the audit routes answer (history pages, a group now or as of a
// moment, the lines of the NDJSON export); documentation only, never instantiated.

const USER_ID = '2819c223-7f76-453a-919d-413861904646';
const CORRELATION_ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

/** One event of an entity's history (HistoryEntry). */
export class HistoryEntryResponse {
  @ApiProperty({ description: 'Revision in the entity stream, from 0.', example: 0 })
  revision!: number;

  @ApiProperty({
    description: 'Global position in the log ("42", or "42:40" with EventStoreDB): where an export finds it.',
    example: '42',
  })
  position!: string;

  @ApiProperty({ format: 'uuid', example: 'a4b3c2d1-0e9f-4a8b-9c7d-6e5f4a3b2c1d' })
  eventId!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the event was recorded.',
    example: '2025-02-01T10:00:00.000Z',
  })
  time!: string;

  @ApiProperty({ example: 'UserProvisioned' })
  type!: string;

  @ApiProperty({ description: 'Version of `data` as shown: the current shape, after upcasting.', example: 1 })
  schemaVersion!: number;

  @ApiProperty({
    description: 'Version the event was stored with; lower than schemaVersion when it was upcast.',
    example: 1,
  })
  storedSchemaVersion!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event data in its current shape; depends on `type`.',
    example: {
      subscription: 'contoso',
      userId: USER_ID,
      profile: { userName: 'bjensen@example.com', name: { givenName: 'Barbara', familyName: 'Jensen' } },
      active: true,
      managerId: null,
      at: '2025-02-01T10:00:00.000Z',
    },
  })
  data!: Record<string, unknown>;

  @ApiProperty({
    description:
      'Who caused it: `scim-token:<tokenId>`, `admin` (`admin:<person>` with X-Admin-Actor) or `system:<process>`.',
    example: 'scim-token:9f86d081884c7d65',
  })
  actor!: string;

  @ApiProperty({
    description: "The request that caused it: the x-correlation-id header of that request's response.",
    example: CORRELATION_ID,
  })
  correlationId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The event or command that directly caused this one; null for a request's first write.",
    example: null,
  })
  causationId!: string | null;
}

export class HistoryPageResponse {
  @ApiProperty({ description: 'Subscription name.', example: 'contoso' })
  subscription!: string;

  @ApiProperty({ enum: [...Object.keys(AUDITED_STREAMS), 'subscription'], example: 'user' })
  entity!: AuditedEntity | 'subscription';

  @ApiProperty({
    description: "The entity's id (the subscription's name for its own history).",
    example: USER_ID,
  })
  id!: string;

  @ApiProperty({ description: 'The event stream of the entity.', example: `user-contoso_${USER_ID}` })
  stream!: string;

  @ApiProperty({ description: 'First revision of this page.', example: 0 })
  fromRevision!: number;

  @ApiProperty({ type: [HistoryEntryResponse], description: 'In revision order.' })
  events!: HistoryEntryResponse[];

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'fromRevision of the next page; null when this page reached the end of the stream.',
    example: null,
  })
  next!: number | null;
}

export class GroupMemberResponse {
  @ApiProperty({ description: 'SCIM `id` of the member.', example: USER_ID })
  id!: string;

  @ApiProperty({ enum: ['User', 'Group'], example: 'User' })
  type!: 'User' | 'Group';
}

export class GroupAsOfResponse {
  @ApiProperty({ description: 'SCIM `id` of the group.', example: 'f648f8d5-ea3e-4e2b-8b5c-0e2c8a1a2b3c' })
  id!: string;

  @ApiProperty({ example: 'contoso' })
  subscription!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The moment asked for, in UTC; null without asOf (the group now).',
    example: '2025-01-31T23:59:59.000Z',
  })
  asOf!: string | null;

  @ApiProperty({ example: 'Sales' })
  displayName!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  externalId!: string | null;

  @ApiProperty({ type: [GroupMemberResponse] })
  members!: GroupMemberResponse[];

  @ApiProperty({ example: 1 })
  memberCount!: number;

  @ApiProperty({ description: 'Revision of the last event folded: the version of the group.', example: 2 })
  version!: number;
}

export class EventMetadataResponse {
  @ApiProperty({ description: 'Version of the shape of `data` as stored.', example: 1 })
  schemaVersion!: number;

  @ApiProperty({ example: CORRELATION_ID })
  correlationId!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  causationId!: string | null;

  @ApiProperty({
    description:
      '`scim-token:<tokenId>`, `admin` (`admin:<person>` with X-Admin-Actor) or `system:<process>`.',
    example: 'admin',
  })
  actor!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-15T09:00:00.000Z' })
  timestamp!: string;
}

/** One line of GET /admin/v1/events: the event exactly as stored (not upcast). */
export class EventExportLine {
  @ApiProperty({
    description: 'Global position: pass the last one received as fromPosition to resume.',
    example: '1',
  })
  position!: string;

  @ApiProperty({ example: 'subscription-contoso' })
  stream!: string;

  @ApiProperty({ example: 0 })
  revision!: number;

  @ApiProperty({ format: 'uuid', example: 'a4b3c2d1-0e9f-4a8b-9c7d-6e5f4a3b2c1d' })
  id!: string;

  @ApiProperty({ example: 'SubscriptionCreated' })
  type!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'As stored: metadata.schemaVersion says which shape it has.',
    example: { name: 'contoso', companyName: 'Contoso Ltd', at: '2025-01-15T09:00:00.000Z' },
  })
  data!: Record<string, unknown>;

  @ApiProperty({ type: EventMetadataResponse })
  metadata!: EventMetadataResponse;
}
