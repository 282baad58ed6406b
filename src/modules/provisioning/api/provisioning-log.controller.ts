import { BadRequestException, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AdminController } from '../../../platform/http/admin/admin-controller.decorator';
import { GetSubscriptionQuery } from '../../subscription/contracts/subscription.queries';
import { ProvisioningLogRecord } from '../infrastructure/provisioning-log/provisioning-log.entry';
import { LogCursor, ProvisioningLogQuery } from '../infrastructure/provisioning-log/provisioning-log.reader';
import { ProvisioningLog } from '../infrastructure/provisioning-log/provisioning-log.service';

export class ProvisioningLogQueryDto {
  /** 201, or a class: 4xx, 5xx. */
  @IsOptional()
  @Matches(/^[1-5](\d\d|xx)$/i, { message: 'status must be a status code (409) or a class (4xx)' })
  status?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  resourceId?: string;

  /** Inclusive. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date-time' })
  from?: string;

  /** Exclusive. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date-time' })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

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
  status: number;
  error: { scimType: string | null; detail: string | null } | null;
  durationMs: number;
  correlationId: string;
  tokenId: string | null;
}

const DEFAULT_LIMIT = 50;

/** The SCIM requests a subscription received, newest first, for support. */
@AdminController('subscriptions')
export class ProvisioningLogController {
  constructor(
    private readonly log: ProvisioningLog,
    private readonly queries: QueryBus,
  ) {}

  @Get(':name/provisioning-log')
  async list(
    @Param('name') name: string,
    @Query() params: ProvisioningLogQueryDto,
  ): Promise<{ entries: LogEntryView[]; nextCursor: string | null }> {
    const subscription = await this.queries.execute(new GetSubscriptionQuery(name.toLowerCase()));
    if (!subscription) throw new NotFoundException(`subscription ${name} not found`);
    const page = await this.log.query(toQuery(subscription.name, params));
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
    from: params.from ? Date.parse(params.from) : undefined,
    to: params.to ? Date.parse(params.to) : undefined,
    limit: params.limit ?? DEFAULT_LIMIT,
    after: params.cursor ? decodeCursor(params.cursor) : undefined,
  };
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
