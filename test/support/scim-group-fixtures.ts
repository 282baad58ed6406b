import { randomUUID } from 'node:crypto';
import { userStream } from '../../src/modules/identity/contracts/user.events';
import { userDecider } from '../../src/modules/identity/domain/user.decider';
import { EventSourcedRepository } from '../../src/platform/es/event-sourced-repository';
import { ReadModel } from '../../src/platform/read-model/read-model.service';
import { RunningApp } from './e2e-app';
import { HttpResponse } from './http-client';
import { Json, ListResponse, Tenant, patchOp, provision, unique } from './scim-fixtures';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export interface ScimMember extends Json {
  value: string;
  $ref?: string;
  type?: string;
}

/** A SCIM Group as the server returns it (the fields the tests read). */
export interface ScimGroup extends Json {
  id: string;
  displayName: string;
  externalId?: string;
  members?: ScimMember[];
  meta: { resourceType: string; created: string; lastModified: string; location: string; version: string };
}

/** A displayName no other test uses. */
export function uniqueGroupName(prefix = 'Group'): string {
  return unique(prefix);
}

/** Entra's create body (reference: Groups): no members at first. */
export function entraGroup(overrides: Json = {}): Json {
  return {
    schemas: [GROUP_SCHEMA],
    externalId: randomUUID(),
    displayName: uniqueGroupName(),
    meta: { resourceType: 'Group' },
    ...overrides,
  };
}

/** POSTs a group and returns it; fails loudly unless the server answers 201. */
export async function createGroup(tenant: Tenant, overrides: Json = {}): Promise<ScimGroup> {
  const response = await tenant.scim.post('/scim/v2/Groups', entraGroup(overrides));
  if (response.status !== 201) throw new Error(`POST /Groups: ${response.status} ${response.text}`);
  return response.body as ScimGroup;
}

/** GETs a group (query e.g. "excludedAttributes=members"); fails loudly unless 200. */
export async function getGroup(tenant: Tenant, id: string, query = ''): Promise<ScimGroup> {
  const path = `/scim/v2/Groups/${id}${query === '' ? '' : `?${query}`}`;
  const response = await tenant.scim.get(path);
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
  return JSON.parse(response.text) as ScimGroup;
}

/** PATCHes a group as Entra does (no query): the server answers 204; fails loudly otherwise. */
export async function patchGroup(tenant: Tenant, id: string, ...operations: Json[]): Promise<HttpResponse> {
  const response = await tenant.scim.patch(`/scim/v2/Groups/${id}`, patchOp(...operations));
  if (response.status !== 204) throw new Error(`PATCH /Groups/${id}: ${response.status} ${response.text}`);
  return response;
}

export async function listGroups(tenant: Tenant, query: string): Promise<ListResponse<ScimGroup>> {
  const response = await tenant.scim.get(`/scim/v2/Groups?${query}`);
  if (response.status !== 200) throw new Error(`GET /Groups?${query}: ${response.status} ${response.text}`);
  return response.body as ListResponse<ScimGroup>;
}

/** The member ids of a group, sorted (order is not part of the contract). */
export function memberIdsOf(group: ScimGroup): string[] {
  return (group.members ?? []).map((m) => m.value).sort();
}

export async function membersOf(tenant: Tenant, groupId: string): Promise<string[]> {
  return memberIdsOf(await getGroup(tenant, groupId));
}

export async function versionOf(tenant: Tenant, groupId: string): Promise<string> {
  return (await getGroup(tenant, groupId, 'excludedAttributes=members')).meta.version;
}

/** Entra's old member form: [{"$ref": null, "value": id}, ...]. */
export function memberValues(ids: string[]): Json[] {
  return ids.map((value) => ({ $ref: null, value }));
}

export const addMembers = (ids: string[], op = 'Add'): Json => ({
  op,
  path: 'members',
  value: memberValues(ids),
});
export const removeMembers = (ids: string[], op = 'Remove'): Json => ({
  op,
  path: 'members',
  value: memberValues(ids),
});
export const removeMemberByPath = (id: string, op = 'remove'): Json => ({
  op,
  path: `members[value eq "${id}"]`,
});

/** Provisions `count` users of the tenant and returns their ids. */
export async function provisionMany(tenant: Tenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await provision(tenant)).id);
  return ids;
}

/**
 * Seeds `count` complete, active users of the tenant as history: each user's UserProvisioned event,
 * decided by Identity's user decider and appended to its stream (all appends at once, so group
 * commit writes them in a few transactions), then waits until the read model holds them. Only the
 * userName reservation is skipped (the names are unique). For scale tests whose subject is what
 * happens to the users next, not their provisioning (POST /Users is tested in scim-users-*).
 */
export async function seedUsers(running: RunningApp, tenant: Tenant, count: number): Promise<string[]> {
  const repository = running.app.get(EventSourcedRepository);
  const context = { correlationId: randomUUID(), actor: `scim-token:${tenant.tokenId}` };
  const at = new Date().toISOString();
  const ids = Array.from({ length: count }, () => randomUUID());
  await Promise.all(
    ids.map((userId) => {
      const userName = `${unique('seed')}@contoso.test`;
      const events = userDecider.decide(
        {
          type: 'ProvisionUser',
          subscription: tenant.name,
          userId,
          profile: {
            userName,
            name: { givenName: 'Seed', familyName: 'User' },
            emails: [{ value: userName, type: 'work', primary: true }],
          },
          active: true,
          manager: null,
          rule: { requiredAttributes: ['userName'], synchronizeDisabledUsers: false },
          at,
        },
        userDecider.initialState,
      );
      return repository.appendDecided(userStream(tenant.name, userId), events, 'no_stream', context);
    }),
  );
  await running.app.get(ReadModel).waitForHead();
  return ids;
}

export const sorted = (ids: string[]): string[] => [...ids].sort();
