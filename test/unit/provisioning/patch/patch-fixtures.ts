import { JsonObject, JsonValue } from '../../../../src/platform/event-store/event-store.port';
import { ScimPatchError, ScimPatchErrorType } from '../../../../src/modules/provisioning/domain/patch';

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const USER_ID = '2819c223-7f76-453a-919d-413861904646';
export const MANAGER_ID = '26118915-6090-4610-87e4-49d8ca9f808d';
export const GROUP_ID = 'e9e30dba-f08f-4109-8486-d5c6a331660a';

/** A User as the server returns it. */
export function user(overrides: JsonObject = {}): JsonObject {
  return {
    schemas: [CORE_USER, ENTERPRISE],
    id: USER_ID,
    externalId: 'alice',
    userName: 'alice@contoso.com',
    name: { givenName: 'Alice', familyName: 'Smith' },
    displayName: 'Alice Smith',
    active: true,
    emails: [{ value: 'alice@contoso.com', type: 'work', primary: true }],
    [ENTERPRISE]: { employeeNumber: '701984', department: 'Sales', manager: { value: MANAGER_ID } },
    meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z', lastModified: '2024-01-01T00:00:00Z' },
    ...overrides,
  };
}

/** A User without the enterprise extension and without emails. */
export function plainUser(): JsonObject {
  return {
    schemas: [CORE_USER],
    id: USER_ID,
    userName: 'bob@contoso.com',
    active: true,
    meta: { resourceType: 'User' },
  };
}

export function group(memberIds: string[] = []): JsonObject {
  const base: JsonObject = {
    schemas: [CORE_GROUP],
    id: GROUP_ID,
    externalId: 'sales-object-id',
    displayName: 'Sales',
    meta: { resourceType: 'Group' },
  };
  if (memberIds.length > 0) base.members = memberIds.map((value) => ({ value }));
  return base;
}

export function patchBody(...operations: JsonValue[]): JsonObject {
  return { schemas: [PATCH_OP], Operations: operations };
}

/** Asserts that `work` throws a ScimPatchError with that scimType (and detail fragment) and returns it. */
export function expectScimError(
  work: () => unknown,
  scimType: ScimPatchErrorType,
  detail?: string,
): ScimPatchError {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ScimPatchError);
  const error = caught as ScimPatchError;
  expect(error.scimType).toBe(scimType);
  expect(error.status).toBe(400);
  if (detail !== undefined) expect(error.detail).toContain(detail);
  return error;
}
