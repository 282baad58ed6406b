import { applyPatch } from '../../../../src/modules/provisioning/domain/patch';
import { JsonObject } from '../../../../src/platform/event-store/event-store.port';
import { CORE_USER, ENTERPRISE, MANAGER_ID, expectScimError, plainUser, user } from './patch-fixtures';

const NEW_MANAGER = '9c5bd7a1-4a0e-4d4c-a0a3-5b7f1f0f7e11';

/** Manager forms of the Entra reference, verbatim, with <managerId> substituted. */
describe('applyPatch (User): enterprise manager', () => {
  const patchUser = (resource: JsonObject, operation: string) =>
    applyPatch(
      'User',
      resource,
      JSON.parse(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[${operation}]}`),
    ).resource;
  const managerOf = (resource: JsonObject) => (resource[ENTERPRISE] as JsonObject | undefined)?.manager;

  it('sets the manager from a bare string id on the URN path (Add)', () => {
    const result = patchUser(
      plainUser(),
      `{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"${NEW_MANAGER}"}`,
    );
    expect(managerOf(result)).toEqual({ value: NEW_MANAGER });
    expect(result.schemas).toEqual([CORE_USER, ENTERPRISE]);
  });

  it('sets the manager from {"value": id} on the URN path (replace)', () => {
    const result = patchUser(
      user(),
      `{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"${NEW_MANAGER}"}}`,
    );
    expect(managerOf(result)).toEqual({ value: NEW_MANAGER });
  });

  it('sets the manager from [{"$ref": ..., "value": id}] on path "manager" (Add), storing only the value', () => {
    const result = patchUser(
      plainUser(),
      `{"op":"Add","path":"manager","value":[{"$ref":"https://users.example.com/scim/v2/Users/${NEW_MANAGER}","value":"${NEW_MANAGER}"}]}`,
    );
    expect(managerOf(result)).toEqual({ value: NEW_MANAGER });
  });

  it('sets the manager from {"value": id, "$ref": ...} and ignores the $ref', () => {
    const result = patchUser(
      user(),
      `{"op":"replace","path":"manager","value":{"value":"${NEW_MANAGER}","$ref":"x"}}`,
    );
    expect(managerOf(result)).toEqual({ value: NEW_MANAGER });
  });

  it('sets the manager through "manager.value" and the URN-prefixed "...:User:manager.value"', () => {
    const viaShort = patchUser(plainUser(), `{"op":"add","path":"manager.value","value":"${NEW_MANAGER}"}`);
    expect(managerOf(viaShort)).toEqual({ value: NEW_MANAGER });
    const viaUrn = patchUser(
      plainUser(),
      `{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value","value":"${NEW_MANAGER}"}`,
    );
    expect(managerOf(viaUrn)).toEqual({ value: NEW_MANAGER });
  });

  it('replaces a stored manager whole, dropping a stale $ref and displayName', () => {
    const resource = user({
      [ENTERPRISE]: { manager: { value: MANAGER_ID, $ref: 'old', displayName: 'Old Boss' } },
    });
    const result = patchUser(resource, `{"op":"replace","path":"manager.value","value":"${NEW_MANAGER}"}`);
    expect(managerOf(result)).toEqual({ value: NEW_MANAGER });
  });

  it('sets the manager in a path-less value keyed by the enterprise URN', () => {
    const result = patchUser(
      plainUser(),
      `{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"${NEW_MANAGER}"}}}}`,
    );
    expect(managerOf(result)).toEqual({ value: NEW_MANAGER });
  });

  it('removes the manager: {"op":"Remove","path":"urn:...:User:manager"}', () => {
    const result = patchUser(
      user(),
      `{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}`,
    );
    expect(managerOf(result)).toBeUndefined();
    expect(result[ENTERPRISE]).toEqual({ employeeNumber: '701984', department: 'Sales' });
  });

  it('removes the manager: replace with value ""', () => {
    const result = patchUser(
      user(),
      `{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}`,
    );
    expect(managerOf(result)).toBeUndefined();
  });

  it('removes the manager: replace with value null', () => {
    const result = patchUser(
      user(),
      `{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":null}`,
    );
    expect(managerOf(result)).toBeUndefined();
  });

  it('removes the manager: replace with value {"value":""}', () => {
    const result = patchUser(
      user(),
      `{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":""}}`,
    );
    expect(managerOf(result)).toBeUndefined();
  });

  it('removes the manager: replace with value {"value":null}', () => {
    const result = patchUser(user(), `{"op":"replace","path":"manager","value":{"value":null}}`);
    expect(managerOf(result)).toBeUndefined();
  });

  it('removes the manager: {"op":"remove","path":"manager[value eq \\"<managerId>\\"]"} when it matches', () => {
    const result = patchUser(user(), `{"op":"remove","path":"manager[value eq \\"${MANAGER_ID}\\"]"}`);
    expect(managerOf(result)).toBeUndefined();
  });

  it('keeps the manager when manager[value eq "<other>"] does not match (a no-op, not an error)', () => {
    const result = patchUser(user(), `{"op":"remove","path":"manager[value eq \\"someone-else\\"]"}`);
    expect(managerOf(result)).toEqual({ value: MANAGER_ID });
  });

  it('removes the manager with path "manager", "manager.value" and "urn:...:User:manager.value"', () => {
    for (const path of ['manager', 'manager.value', `${ENTERPRISE}:manager.value`]) {
      expect(managerOf(patchUser(user(), `{"op":"remove","path":"${path}"}`))).toBeUndefined();
    }
  });

  it('removes the extension and its schema URN when the manager was its last attribute', () => {
    const resource = user({ [ENTERPRISE]: { manager: { value: MANAGER_ID } } });
    const result = patchUser(resource, `{"op":"Remove","path":"manager"}`);
    expect(result).not.toHaveProperty([ENTERPRISE]);
    expect(result.schemas).toEqual([CORE_USER]);
  });

  it('refuses a manager given as a number or as several managers', () => {
    expectScimError(() => patchUser(user(), `{"op":"replace","path":"manager","value":42}`), 'invalidValue');
    expectScimError(
      () => patchUser(user(), `{"op":"replace","path":"manager","value":[{"value":"a"},{"value":"b"}]}`),
      'invalidValue',
    );
  });

  it('refuses to write the read-only manager.displayName', () => {
    expectScimError(
      () => patchUser(user(), `{"op":"replace","path":"manager.displayName","value":"Boss"}`),
      'mutability',
    );
  });
});
