import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { RunningApp } from './e2e-app';
import { Client, HttpResponse, client } from './http-client';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** The empty ListResponse Entra expects from "Test connection" (reference: Connection and authentication). */
export const EMPTY_LIST = {
  schemas: [LIST_RESPONSE_SCHEMA],
  totalResults: 0,
  Resources: [],
  startIndex: 1,
  itemsPerPage: 0,
};

export const DEFAULT_POLICY = {
  requiredUserAttributes: ['userName', 'emails', 'name.givenName', 'name.familyName'],
  synchronizeDisabledUsers: false,
};
/** What RFC 7643 alone requires: for SCIM clients other than Entra. */
export const RELAXED_POLICY = { requiredUserAttributes: ['userName'], synchronizeDisabledUsers: true };

export type Json = Record<string, unknown>;

/** A SCIM User as the server returns it (the fields the tests read). */
export interface ScimUser extends Json {
  id: string;
  userName: string;
  active: boolean;
  meta: { resourceType: string; created: string; lastModified: string; location: string; version: string };
}

export interface ListResponse<T = ScimUser> {
  schemas: string[];
  totalResults: number;
  Resources: T[];
  startIndex: number;
  itemsPerPage: number;
}

/** One subscription seen from Entra: its SCIM token and a client on its tenant URL's Host. */
export interface Tenant {
  name: string;
  token: string;
  tokenId: string;
  host: string;
  /** Bearer token of this subscription, Host users-<name>.portal.test. */
  scim: Client;
}

let sequence = 0;
/** A name no other test uses: a prefix, a per-process counter and random hex. */
export function unique(prefix = 'user'): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomUUID().slice(0, 8)}`;
}

/** A subscription name (DNS label) that no other test file uses. */
export function uniqueSubscriptionName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTenant(running: RunningApp, name = uniqueSubscriptionName('t')): Promise<Tenant> {
  const created = await running.admin.post('/admin/v1/subscriptions', { name, companyName: `${name} Inc.` });
  if (created.status !== 201) throw new Error(`subscription ${name}: ${created.status} ${created.text}`);
  const issued = await running.admin.post(`/admin/v1/subscriptions/${name}/scim-tokens`, {
    description: 'Entra ID',
  });
  if (issued.status !== 201) throw new Error(`token of ${name}: ${issued.status} ${issued.text}`);
  const { token, id } = issued.body as { token: string; id: string };
  return { name, token, tokenId: id, ...tenantClient(running, name, token) };
}

/** A client for a tenant: the token and the Host Entra derives from the tenant URL. */
export function tenantClient(
  running: RunningApp,
  name: string,
  token: string,
): { host: string; scim: Client } {
  const host = `users-${name}.portal.test`;
  return { host, scim: client(running.baseUrl, { authorization: `Bearer ${token}`, host }) };
}

/** A fresh tenant client after a restart (the base URL changes, the token stays). */
export function reconnect(running: RunningApp, tenant: Tenant): Tenant {
  return { ...tenant, ...tenantClient(running, tenant.name, tenant.token) };
}

export async function setPolicy(running: RunningApp, name: string, policy: Json): Promise<void> {
  const response = await running.admin.put(`/admin/v1/subscriptions/${name}/provisioning-policy`, policy);
  if (response.status !== 200) throw new Error(`policy of ${name}: ${response.status} ${response.text}`);
}

/** The reference's typical Entra create body, with a unique userName unless given. */
export function entraUser(overrides: Json = {}): Json {
  const userName =
    typeof overrides.userName === 'string' ? overrides.userName : `${unique('u')}@contoso.test`;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    externalId: randomUUID(),
    userName,
    active: true,
    displayName: 'Test User',
    title: 'Engineer',
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    [ENTERPRISE_SCHEMA]: { employeeNumber: '701984', department: 'Tour Operations' },
    roles: [],
    ...overrides,
  };
}

export function patchOp(...operations: Json[]): Json {
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations };
}

/** POSTs a user and returns it; fails loudly unless the server answers 201. */
export async function provision(tenant: Tenant, overrides: Json = {}): Promise<ScimUser> {
  const response = await tenant.scim.post('/scim/v2/Users', entraUser(overrides));
  if (response.status !== 201) throw new Error(`POST /Users: ${response.status} ${response.text}`);
  return response.body as ScimUser;
}

export async function getUser(tenant: Tenant, id: string): Promise<ScimUser> {
  const response = await tenant.scim.get(`/scim/v2/Users/${id}`);
  if (response.status !== 200) throw new Error(`GET /Users/${id}: ${response.status} ${response.text}`);
  return response.body as ScimUser;
}

/** PATCHes a user and returns the answer; fails loudly unless the server answers 200. */
export async function patchUser(tenant: Tenant, id: string, ...operations: Json[]): Promise<ScimUser> {
  const response = await tenant.scim.patch(`/scim/v2/Users/${id}`, patchOp(...operations));
  if (response.status !== 200) throw new Error(`PATCH /Users/${id}: ${response.status} ${response.text}`);
  return response.body as ScimUser;
}

export async function listUsers(tenant: Tenant, query: string): Promise<ListResponse> {
  const response = await tenant.scim.get(`/scim/v2/Users?${query}`);
  if (response.status !== 200) throw new Error(`GET /Users?${query}: ${response.status} ${response.text}`);
  return response.body as ListResponse;
}

/** `filter=<expression>` URL-encoded. */
export function filterQuery(expression: string): string {
  return `filter=${encodeURIComponent(expression)}`;
}

export function expectScimContentType(response: HttpResponse): void {
  expect(response.headers['content-type']).toMatch(/^application\/scim\+json/);
}

/** An RFC 7644 section 3.12 error: schemas, status as a string, detail, scimType when given; no stack. */
export function expectScimError(
  response: HttpResponse,
  status: number,
  scimType?: string,
  detail?: RegExp,
): void {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status,
    body: { schemas: [ERROR_SCHEMA], status: String(status), detail: expect.any(String) },
  });
  expectScimContentType(response);
  const body = response.body as Json;
  expect(Object.keys(body).sort()).toEqual(
    ['schemas', 'status', 'detail', ...(body.scimType === undefined ? [] : ['scimType'])].sort(),
  );
  if (scimType !== undefined) expect(body.scimType).toBe(scimType);
  if (detail !== undefined) expect(body.detail).toMatch(detail);
  expect(response.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

export const enterprise = (user: Json): Json | undefined => user[ENTERPRISE_SCHEMA] as Json | undefined;
