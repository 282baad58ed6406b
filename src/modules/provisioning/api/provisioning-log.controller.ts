import { BadRequestException, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  AdminController,
  ApiAdminError,
  ApiSubscriptionName,
} from '../../../platform/http/admin/admin-controller.decorator';
import { parseInstant } from '../../../platform/http/query-instant';
import { requireSubscription } from '../../subscription/contracts/require-subscription';
import { ProvisioningLogRecord } from '../infrastructure/provisioning-log/provisioning-log.entry';
import { LogCursor, ProvisioningLogQuery } from '../infrastructure/provisioning-log/provisioning-log.reader';
import { ProvisioningLog } from '../infrastructure/provisioning-log/provisioning-log.service';
import { ProvisioningLogPageResponse } from './provisioning-log.responses';
import { QueryInteger } from '../../../platform/http/admin/query-integer';

export class ProvisioningLogQueryDto {
  /** 201, or a class: 4xx, 5xx. */
  @ApiPropertyOptional({
    description: 'Only the requests answered with this status (e.g. 409) or status class (e.g. 4xx, 5xx).',
    pattern: '^[1-5]([0-9]{2}|[xX]{2})$',
    example: '4xx',
  })
  @IsOptional()
  @Matches(/^[1-5](\d\d|xx)$/i, { message: 'status must be a status code (409) or a class (4xx)' })
  status?: string;

  @ApiPropertyOptional({
    description: 'Only the requests about this SCIM resource `id` (user or group), exact match.',
    maxLength: 500,
    example: '2819c223-7f76-453a-919d-413861904646',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  resourceId?: string;

  @ApiPropertyOptional({
    description:
      'Only the creates and replaces (POST, PUT) that named this userName (users) or displayName ' +
      '(groups), any case: e.g. why a user was refused (not synchronized), which has no resource id.',
    maxLength: 500,
    example: 'bjensen@contoso.com',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  subject?: string;

  @ApiPropertyOptional({
    description: 'Only the requests of this HTTP method (any case), e.g. POST for the creates.',
    enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    example: 'POST',
  })
  @IsOptional()
  @Matches(/^(get|post|put|patch|delete)$/i, { message: 'method must be GET, POST, PUT, PATCH or DELETE' })
  method?: string;

  @ApiPropertyOptional({
    description:
      "Only the request with this correlation id (an event's metadata.correlationId, a response's " +
      'x-correlation-id). Not indexed: on a long log, narrow it with from and to.',
    example: '7d1f3c52-0b8e-4a51-9d6e-2f6a1c3b4d5e',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: 'correlationId must be 1 to 128 of A-Z a-z 0-9 . _ : -' })
  correlationId?: string;

  /** Inclusive. */
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Only the requests that arrived at or after this moment (inclusive), an ISO-8601 date-time with a zone (Z or ±hh:mm).',
    example: '2025-02-01T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  from?: string;

  /** Exclusive. */
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Only the requests that arrived before this moment (exclusive), an ISO-8601 date-time with a zone; not before from.',
    example: '2025-02-02T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 500,
    default: 50,
    description: 'Entries per page.',
    example: 50,
  })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page (opaque); use the same filters.',
    example: 'MTczODQwNDAwMDAwMC4xMjM0',
  })
  @IsOptional()
  @IsString()
  cursor?: string;
}

interface LogEntryView {
  id: number;
  at: string;
  method: string;
  path: string;
  filter: string | null;
  resourceType: string | null;
  resourceId: string | null;
  subject: string | null;
  status: number;
  error: { scimType: string | null; detail: string | null } | null;
  durationMs: number;
  correlationId: string;
  tokenId: string | null;
}

const DEFAULT_LIMIT = 50;

/** The SCIM requests a subscription received, newest first, for support. */
@ApiTags('Provisioning log')
@AdminController('subscriptions')
export class ProvisioningLogController {
  constructor(
    private readonly log: ProvisioningLog,
    private readonly queries: QueryBus,
  ) {}

  @Get(':name/provisioning-log')
  @ApiOperation({
    summary: 'Search the provisioning log',
    description:
      'The SCIM requests the subscription received, newest first, for support: method, path, filter, ' +
      'the resource addressed, the status answered and, for an error, the SCIM detail (e.g. why a ' +
      'user was not synchronized), duration, correlation id and token id. Never a body or a token. ' +
      'Entries are kept PROVISIONING_LOG_RETENTION_DAYS days. Filter by status or status class, ' +
      'resource id and time range; page with limit and the nextCursor of the previous page.',
  })
  @ApiSubscriptionName()
  @ApiOkResponse({ description: 'A page of log entries.', type: ProvisioningLogPageResponse })
  @ApiAdminError(
    400,
    'A filter is malformed (status, from, to, limit), or cursor is not one this API returned.',
  )
  @ApiAdminError(404, 'No subscription with this name.')
  async list(
    @Param('name') name: string,
    @Query() params: ProvisioningLogQueryDto,
  ): Promise<ProvisioningLogPageResponse> {
    const subscription = await requireSubscription(this.queries, name);
    const page = await this.log.query(toQuery(subscription, params));
    return { entries: page.entries.map(toView), nextCursor: page.next ? encodeCursor(page.next) : null };
  }
}

function toQuery(subscription: string, params: ProvisioningLogQueryDto): ProvisioningLogQuery {
  const status = params.status?.toLowerCase();
  return {
    subscription,
    status: !status
      ? undefined
      : status.endsWith('xx')
        ? { class: Number(status[0]) }
        : { exact: Number(status) },
    resourceId: params.resourceId,
    subject: params.subject,
    method: params.method?.toUpperCase(),
    correlationId: params.correlationId,
    ...timeRange(params),
    limit: params.limit ?? DEFAULT_LIMIT,
    after: params.cursor ? decodeCursor(params.cursor) : undefined,
  };
}

/** from and to as epoch ms; each needs a zone (without one it would mean the server's own). */
function timeRange(params: ProvisioningLogQueryDto): { from?: number; to?: number } {
  const instant = (name: 'from' | 'to') => {
    const text = params[name];
    if (text === undefined) return undefined;
    const parsed = parseInstant(text);
    if (!parsed)
      throw new BadRequestException(
        `${name} must be an ISO-8601 date-time with a zone, e.g. 2025-02-01T00:00:00Z; got "${text}"`,
      );
    return parsed.getTime();
  };
  const from = instant('from');
  const to = instant('to');
  if (from !== undefined && to !== undefined && from > to)
    throw new BadRequestException(`from (${params.from}) is after to (${params.to})`);
  return { from, to };
}

function toView(record: ProvisioningLogRecord): LogEntryView {
  return {
    id: record.id,
    at: new Date(record.at).toISOString(),
    method: record.method,
    path: record.path,
    filter: record.filter,
    resourceType: record.resourceType,
    resourceId: record.resourceId,
    subject: record.subject,
    status: record.status,
    error: record.status >= 400 ? { scimType: record.scimType, detail: record.detail } : null,
    durationMs: record.durationMs,
    correlationId: record.correlationId,
    tokenId: record.tokenId,
  };
}

/** Opaque to clients: the (time, id) of the last entry of the page. */
function encodeCursor(cursor: LogCursor): string {
  return Buffer.from(`${cursor.at}.${cursor.id}`).toString('base64url');
}

function decodeCursor(text: string): LogCursor {
  const match = /^(\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match) throw new BadRequestException('cursor is not one this API returned');
  return { at: Number(match[1]), id: Number(match[2]) };
}
