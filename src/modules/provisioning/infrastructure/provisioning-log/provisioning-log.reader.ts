import type { Database } from 'better-sqlite3';
import { FAILURES_ONLY } from './provisioning-log.database';
import { ProvisioningLogRecord } from './provisioning-log.entry';
import { caselessKey } from '../../../../platform/text/caseless-key';

export interface ProvisioningLogQuery {
  subscription: string;
  /** An exact status, or a class: 4 for 4xx. */
  status?: { exact: number } | { class: number };
  resourceId?: string;
  /** Case-insensitive. */
  subject?: string;
  /** Upper case. */
  method?: string;
  correlationId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  limit: number;
  /** Continue after this entry (newest first). */
  after?: LogCursor;
}

export interface LogCursor {
  at: number;
  id: number;
}

export interface ProvisioningLogPage {
  entries: ProvisioningLogRecord[];
  next: LogCursor | null;
}

interface Row {
  id: number;
  at: number;
  subscription: string | null;
  token_id: string | null;
  method: string;
  path: string;
  filter: string | null;
  resource_type: string | null;
  resource_id: string | null;
  subject: string | null;
  subject_key: string | null;
  status: number;
  scim_type: string | null;
  detail: string | null;
  duration_ms: number;
  correlation_id: string;
}

/** Newest first, keyset-paged on (at, id) so a page costs the same however deep it is. */
export function readProvisioningLog(db: Database, query: ProvisioningLogQuery): ProvisioningLogPage {
  const where = ['subscription = @subscription'];
  const params: Record<string, string | number> = {
    subscription: query.subscription,
    limit: query.limit + 1,
  };
  if (query.status) {
    const status = query.status;
    const exact = 'exact' in status;
    const low = 'exact' in status ? status.exact : status.class * 100;
    // Equality keeps the index's (at, id) order; a class needs a range (and a sort).
    where.push(exact ? 'status = @low' : 'status BETWEEN @low AND @high');
    params.low = low;
    if (!exact) params.high = low + 99;
    if (low >= 400) where.push(FAILURES_ONLY);
  }
  if (query.resourceId !== undefined) {
    where.push('resource_id = @resourceId');
    params.resourceId = query.resourceId;
  }
  if (query.subject !== undefined) {
    where.push('subject_key = @subjectKey');
    params.subjectKey = caselessKey(query.subject);
  }
  if (query.method !== undefined) {
    where.push('method = @method');
    params.method = query.method;
  }
  if (query.correlationId !== undefined) {
    where.push('correlation_id = @correlationId');
    params.correlationId = query.correlationId;
  }
  if (query.from !== undefined) {
    where.push('at >= @from');
    params.from = query.from;
  }
  if (query.to !== undefined) {
    where.push('at < @to');
    params.to = query.to;
  }
  if (query.after) {
    where.push('(at < @afterAt OR (at = @afterAt AND id < @afterId))');
    params.afterAt = query.after.at;
    params.afterId = query.after.id;
  }
  const rows = db
    .prepare(
      `SELECT * FROM provisioning_log WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT @limit`,
    )
    .all(params) as Row[];
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map(toRecord),
    next: rows.length > query.limit && last ? { at: last.at, id: last.id } : null,
  };
}

function toRecord(row: Row): ProvisioningLogRecord {
  return {
    id: row.id,
    at: row.at,
    subscription: row.subscription,
    tokenId: row.token_id,
    method: row.method,
    path: row.path,
    filter: row.filter,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    subject: row.subject,
    subjectKey: row.subject_key,
    status: row.status,
    scimType: row.scim_type,
    detail: row.detail,
    durationMs: row.duration_ms,
    correlationId: row.correlation_id,
  };
}
