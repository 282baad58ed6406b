import type { Database } from 'better-sqlite3';
import { FAILURES_ONLY } from './provisioning-log.database';
import { LOOKUPS_THROUGH, RESOURCE_LOOKUP, SUBJECT_LOOKUP } from './provisioning-log.lookups';
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

/**
 * Newest first, keyset-paged on (at, id) so a page costs the same however deep it is. By resource
 * or subject, through its lookup table (entries the lookups hold) and the log's rowid (the newer
 * ones: see provisioning-log.lookups.ts).
 */
export function readProvisioningLog(db: Database, query: ProvisioningLogQuery): ProvisioningLogPage {
  const { sql, params } = provisioningLogStatement(query);
  const rows = db.prepare(sql).all(params) as Row[];
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map(toRecord),
    next: rows.length > query.limit && last ? { at: last.at, id: last.id } : null,
  };
}

/** The statement of a query (one more entry than a page: whether a next page exists) and its values. */
export function provisioningLogStatement(query: ProvisioningLogQuery): {
  sql: string;
  params: Record<string, string | number>;
} {
  const params: Record<string, string | number> = {
    subscription: query.subscription,
    limit: query.limit + 1,
  };
  const terms = filterTerms(query, params);
  return { sql: statementFor(query, terms), params };
}

/** The query's conditions on the log's columns (`l`), besides the subscription; binds their values. */
function filterTerms(query: ProvisioningLogQuery, params: Record<string, string | number>): string[] {
  const terms: string[] = [];
  if (query.status) {
    const status = query.status;
    const exact = 'exact' in status;
    const low = 'exact' in status ? status.exact : status.class * 100;
    // Equality keeps the index's (at, id) order; a class needs a range (and a sort).
    terms.push(exact ? 'l.status = @low' : 'l.status BETWEEN @low AND @high');
    params.low = low;
    if (!exact) params.high = low + 99;
    if (low >= 400) terms.push(`l.${FAILURES_ONLY}`);
  }
  if (query.resourceId !== undefined) {
    terms.push('l.resource_id = @resourceId');
    params.resourceId = query.resourceId;
  }
  if (query.subject !== undefined) {
    terms.push('l.subject_key = @subjectKey');
    params.subjectKey = caselessKey(query.subject);
  }
  if (query.method !== undefined) {
    terms.push('l.method = @method');
    params.method = query.method;
  }
  if (query.correlationId !== undefined) {
    terms.push('l.correlation_id = @correlationId');
    params.correlationId = query.correlationId;
  }
  if (query.from !== undefined) params.from = query.from;
  if (query.to !== undefined) params.to = query.to;
  if (query.after) {
    params.afterAt = query.after.at;
    params.afterId = query.after.id;
  }
  return terms;
}

/** The time range and the cursor, on the (at, id) of the table that drives the query. */
function timeTerms(query: ProvisioningLogQuery, table: string): string[] {
  const terms: string[] = [];
  if (query.from !== undefined) terms.push(`${table}.at >= @from`);
  if (query.to !== undefined) terms.push(`${table}.at < @to`);
  if (query.after)
    terms.push(`(${table}.at < @afterAt OR (${table}.at = @afterAt AND ${table}.id < @afterId))`);
  return terms;
}

function statementFor(query: ProvisioningLogQuery, terms: string[]): string {
  const lookup =
    query.resourceId !== undefined
      ? { ...RESOURCE_LOOKUP, param: '@resourceId' }
      : query.subject !== undefined
        ? { ...SUBJECT_LOOKUP, param: '@subjectKey' }
        : undefined;
  if (!lookup) {
    const where = ['l.subscription = @subscription', ...terms, ...timeTerms(query, 'l')];
    return `SELECT l.* FROM provisioning_log l WHERE ${where.join(' AND ')}
            ORDER BY l.at DESC, l.id DESC LIMIT @limit`;
  }
  // Copied entries in the lookup's key order; the newer ones by rowid (NOT INDEXED: never a walk of
  // the subscription's whole log by time for the few entries after `through`).
  const copied = [
    'k.subscription = @subscription',
    `k.${lookup.column} = ${lookup.param}`,
    ...timeTerms(query, 'k'),
    ...terms,
  ];
  const newer = [
    `l.id > ${LOOKUPS_THROUGH}`,
    'l.subscription = @subscription',
    ...terms,
    ...timeTerms(query, 'l'),
  ];
  return `SELECT * FROM (
            SELECT l.* FROM ${lookup.table} k CROSS JOIN provisioning_log l ON l.id = k.id AND l.at = k.at
            WHERE ${copied.join(' AND ')} ORDER BY k.at DESC, k.id DESC LIMIT @limit)
          UNION ALL
          SELECT * FROM (
            SELECT l.* FROM provisioning_log l NOT INDEXED
            WHERE ${newer.join(' AND ')} ORDER BY l.at DESC, l.id DESC LIMIT @limit)
          ORDER BY at DESC, id DESC LIMIT @limit`;
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
