import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from './scim-auth.guard';
import { ProvisioningLogEntry } from '../infrastructure/provisioning-log/provisioning-log.entry';
import { scimErrorOf } from './scim-request-error';
import { caselessKey } from '../../../platform/text/caseless-key';

const SCIM_BASE = '/scim/v2';
const MAX_TEXT = 500;
const RESOURCE_TYPES: Record<string, string> = { Users: 'User', Groups: 'Group' };

/** The provisioning log entry of a finished request, or null when it is not a SCIM request. */
export function scimRequestEntry(request: FastifyRequest, reply: FastifyReply): ProvisioningLogEntry | null {
  const path = request.url.split('?', 1)[0];
  if (path !== SCIM_BASE && !path.startsWith(`${SCIM_BASE}/`)) return null;
  const [collection, id] = path.slice(SCIM_BASE.length + 1).split('/');
  const principal = principalOrNull(request);
  const error = reply.statusCode >= 400 ? scimErrorOf(request) : undefined;
  const duration = reply.elapsedTime;
  const subject = subjectOf(request, collection);
  return {
    at: Math.round(Date.now() - duration),
    subscription: principal?.subscription ?? null,
    tokenId: principal?.tokenId ?? null,
    method: request.method,
    path: truncate(path),
    filter: listFilter(request, id),
    resourceType: collection ? (RESOURCE_TYPES[collection] ?? collection) : null,
    resourceId: resourceIdOf(request, reply, collection, id),
    subject,
    subjectKey: subject === null ? null : caselessKey(subject),
    status: reply.statusCode,
    scimType: error?.scimType ?? null,
    detail: error ? redact(error.detail) : null,
    durationMs: Math.round(duration * 100) / 100,
    correlationId: String(request.id),
  };
}

function principalOrNull(request: FastifyRequest) {
  try {
    return principalOf(request);
  } catch {
    return null;
  }
}

function resourceIdOf(
  request: FastifyRequest,
  reply: FastifyReply,
  collection: string | undefined,
  id: string | undefined,
): string | null {
  if (id !== undefined && id !== '' && id !== '.search') return truncate(decode(id));
  // A create answers the new resource's URL in Location: its last segment is the id.
  const location = reply.getHeader('location');
  if (request.method === 'POST' && collection && typeof location === 'string' && reply.statusCode === 201)
    return truncate(decode(location.slice(location.lastIndexOf('/') + 1)));
  return null;
}

const NAMING_ATTRIBUTE: Record<string, string> = { Users: 'userName', Groups: 'displayName' };

/** The name a POST or PUT gave the user or group (a .search body names nothing). */
function subjectOf(request: FastifyRequest, collection: string | undefined): string | null {
  if (request.method !== 'POST' && request.method !== 'PUT') return null;
  const attribute = collection ? NAMING_ATTRIBUTE[collection] : undefined;
  const body = request.body;
  if (!attribute || body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const name = (body as Record<string, unknown>)[attribute];
  return typeof name === 'string' && name.trim() !== '' ? truncate(name.trim()) : null;
}

/** What the client searched for, from GET ?filter= or a POST .search body's filter only. */
function listFilter(request: FastifyRequest, id: string | undefined): string | null {
  const source =
    request.method === 'GET' && id === undefined ? request.query : id === '.search' ? request.body : null;
  if (source === null || typeof source !== 'object') return null;
  const filter = (source as { filter?: unknown }).filter;
  return typeof filter === 'string' ? truncate(filter) : null;
}

/**
 * Node's JSON parse errors quote the start of the body: keep only our part of such a detail,
 * since the log never stores what a client sent.
 */
function redact(detail: string): string {
  const bodyParse = /^the request body is not valid JSON\b/.exec(detail);
  return truncate(bodyParse ? bodyParse[0] : detail);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function truncate(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}
