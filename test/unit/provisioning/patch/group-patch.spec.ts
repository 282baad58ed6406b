import {
  GroupMembersView,
  applyPatch,
  planGroupPatch,
} from '../../../../src/modules/provisioning/domain/patch';
import { JsonObject, JsonValue } from '../../../../src/platform/event-store/event-store.port';
import { CORE_GROUP, GROUP_ID, expectScimError, group, patchBody } from './patch-fixtures';

const plan = (...operations: JsonValue[]) => planGroupPatch(patchBody(...operations), GROUP_ID);
const patchGroup = (memberIds: string[], ...operations: JsonValue[]) =>
  applyPatch('Group', group(memberIds), patchBody(...operations)).resource;
const memberIdsOf = (resource: { members?: JsonValue }) =>
  ((resource.members ?? []) as { value: string }[]).map((m) => m.value);

/** Stored members u1 (Alice), u2 (Bob) and g1 (a group); u3 is a user the request may add. */
const view = (): GroupMembersView => {
  const known: Record<string, JsonObject> = {
    u1: { value: 'u1', type: 'User', display: 'Alice' },
    u2: { value: 'u2', type: 'User', display: 'Bob' },
    g1: { value: 'g1', type: 'Group', display: 'Admins' },
    u3: { value: 'u3', type: 'User', display: 'Carol' },
  };
  return { stored: () => ['u1', 'u2', 'g1'].map((id) => known[id]!), describe: (id) => known[id] };
};

describe('planGroupPatch / applyPatch (Group)', () => {
  describe('Entra forms, verbatim', () => {
    it('adds members: {"op":"Add","path":"members","value":[{"$ref":null,"value":"<userId>"}, ...]}', () => {
      const body: unknown = JSON.parse(
        `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
          {"op":"Add","path":"members","value":[{"$ref":null,"value":"u1"},{"$ref":null,"value":"u2"}]}]}`,
      );
      expect(planGroupPatch(body)).toEqual({ addMembers: ['u1', 'u2'], removeMembers: [] });
      expect(memberIdsOf(applyPatch('Group', group(['u0']), body).resource)).toEqual(['u0', 'u1', 'u2']);
    });

    it('removes only the listed members: {"op":"Remove","path":"members","value":[{"$ref":null,"value":"<userId>"}]}', () => {
      const body: unknown = JSON.parse(
        `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
          {"op":"Remove","path":"members","value":[{"$ref":null,"value":"u2"}]}]}`,
      );
      expect(planGroupPatch(body)).toEqual({ addMembers: [], removeMembers: ['u2'] });
      expect(memberIdsOf(applyPatch('Group', group(['u1', 'u2', 'u3']), body).resource)).toEqual([
        'u1',
        'u3',
      ]);
    });

    it('removes a member: {"op":"remove","path":"members[value eq \\"<userId>\\"]"}', () => {
      const body: unknown = JSON.parse(
        `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
          {"op":"remove","path":"members[value eq \\"u1\\"]"}]}`,
      );
      expect(planGroupPatch(body)).toEqual({ addMembers: [], removeMembers: ['u1'] });
      expect(memberIdsOf(applyPatch('Group', group(['u1', 'u2']), body).resource)).toEqual(['u2']);
    });

    it('renames: Replace displayName', () => {
      const body: unknown = JSON.parse(
        `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
          {"op":"Replace","path":"displayName","value":"Sales EMEA"}]}`,
      );
      expect(planGroupPatch(body)).toEqual({ displayName: 'Sales EMEA', addMembers: [], removeMembers: [] });
      expect(applyPatch('Group', group(), body).resource.displayName).toBe('Sales EMEA');
    });

    it('carries many operations and many members in one request', () => {
      const added = Array.from({ length: 5000 }, (_, i) => ({ $ref: null, value: `u${i}` }));
      const result = plan(
        { op: 'Add', path: 'members', value: added.slice(0, 2500) },
        { op: 'Add', path: 'members', value: added.slice(2500) },
        {
          op: 'Remove',
          path: 'members',
          value: [
            { $ref: null, value: 'u10' },
            { $ref: null, value: 'old1' },
          ],
        },
        { op: 'remove', path: 'members[value eq "old2"]' },
        { op: 'Replace', path: 'externalId', value: 'obj-2' },
      );
      expect(result.addMembers).toHaveLength(4999);
      expect(result.addMembers).not.toContain('u10');
      expect(result.removeMembers).toEqual(['u10', 'old1', 'old2']);
      expect(result.externalId).toBe('obj-2');
    });

    it('handles a 100,000-member add as deltas, quickly', () => {
      const value = Array.from({ length: 100_000 }, (_, i) => ({ value: `user-${i}` }));
      const started = Date.now();
      const result = plan({ op: 'add', path: 'members', value });
      expect(result.addMembers).toHaveLength(100_000);
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  describe('member operations', () => {
    it('remove of "members" without a value removes every member (RFC)', () => {
      expect(plan({ op: 'remove', path: 'members' })).toEqual({
        addMembers: [],
        removeMembers: [],
        replaceMembers: [],
      });
      expect(patchGroup(['u1', 'u2'], { op: 'remove', path: 'members' })).not.toHaveProperty('members');
    });

    it('remove of "members" with an empty value list removes nobody (never all)', () => {
      expect(plan({ op: 'remove', path: 'members', value: [] })).toEqual({
        addMembers: [],
        removeMembers: [],
      });
      expect(memberIdsOf(patchGroup(['u1'], { op: 'remove', path: 'members', value: [] }))).toEqual(['u1']);
    });

    it('replace of "members" sets the member list', () => {
      const body = { op: 'replace', path: 'members', value: [{ value: 'u2' }, { value: 'u3' }] };
      expect(plan(body)).toEqual({ addMembers: [], removeMembers: [], replaceMembers: ['u2', 'u3'] });
      expect(memberIdsOf(patchGroup(['u1', 'u2'], body))).toEqual(['u2', 'u3']);
    });

    it('folds adds and removes after a replace into the replaced list', () => {
      const result = plan(
        { op: 'replace', path: 'members', value: [{ value: 'a' }, { value: 'b' }] },
        { op: 'add', path: 'members', value: [{ value: 'c' }] },
        { op: 'remove', path: 'members[value eq "a"]' },
      );
      expect(result).toEqual({ addMembers: [], removeMembers: [], replaceMembers: ['b', 'c'] });
    });

    it('the last operation on an id wins (add then remove, remove then add)', () => {
      const result = plan(
        { op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }] },
        { op: 'remove', path: 'members', value: [{ value: 'a' }] },
        { op: 'remove', path: 'members', value: [{ value: 'c' }] },
        { op: 'add', path: 'members', value: [{ value: 'c' }] },
      );
      expect(result).toEqual({ addMembers: ['b', 'c'], removeMembers: ['a'] });
    });

    it('removing an absent member is a no-op, not an error', () => {
      expect(memberIdsOf(patchGroup(['u1'], { op: 'remove', path: 'members[value eq "ghost"]' }))).toEqual([
        'u1',
      ]);
    });

    it('adding a present member keeps a single entry (and its existing sub-attributes)', () => {
      const resource = group();
      resource.members = [{ value: 'u1', display: 'Alice', $ref: '../Users/u1' }];
      const result = applyPatch(
        'Group',
        resource,
        patchBody({ op: 'add', path: 'members', value: [{ value: 'u1' }] }),
      );
      expect(result.resource.members).toEqual([{ value: 'u1', display: 'Alice', $ref: '../Users/u1' }]);
      expect(result.changed).toBe(false);
    });

    it('accepts an or of value eq comparisons in a members filter', () => {
      expect(plan({ op: 'remove', path: 'members[value eq "a" or value eq "b"]' }).removeMembers).toEqual([
        'a',
        'b',
      ]);
    });

    describe('removal filters other than value eq (RFC 7644 3.5.2.2), on the members as the request left them', () => {
      const filtered = (...operations: JsonValue[]) =>
        planGroupPatch(patchBody(...operations), GROUP_ID, view());

      it('removes the stored members a filter on type or display selects', () => {
        expect(filtered({ op: 'remove', path: 'members[type eq "Group"]' }).removeMembers).toEqual(['g1']);
        expect(filtered({ op: 'remove', path: 'members[display sw "al"]' }).removeMembers).toEqual(['u1']);
        expect(
          filtered({ op: 'remove', path: 'members[value eq "u1" or type eq "Group"]' }).removeMembers,
        ).toEqual(['u1', 'g1']);
        expect(filtered({ op: 'remove', path: 'members[not (type eq "Group")]' }).removeMembers).toEqual([
          'u1',
          'u2',
        ]);
      });

      it('sees members added earlier in the request and not those removed', () => {
        const result = filtered(
          { op: 'remove', path: 'members[value eq "u2"]' },
          { op: 'add', path: 'members', value: [{ value: 'u3' }] },
          { op: 'remove', path: 'members[type eq "User"]' },
        );
        expect(result).toEqual({ addMembers: [], removeMembers: ['u2', 'u1', 'u3'] });
      });

      it('applies to the replaced list after a replace', () => {
        const result = filtered(
          { op: 'replace', path: 'members', value: [{ value: 'u2' }, { value: 'g1' }] },
          { op: 'remove', path: 'members[type ne "User"]' },
        );
        expect(result.replaceMembers).toEqual(['u2']);
      });

      it('gives the same result through applyPatch on a materialised group', () => {
        const resource = group();
        resource.members = [
          { value: 'u1', type: 'User' },
          { value: 'g1', type: 'Group' },
        ];
        const result = applyPatch(
          'Group',
          resource,
          patchBody({ op: 'remove', path: 'members[type eq "Group"]' }),
        );
        expect(memberIdsOf(result.resource)).toEqual(['u1']);
      });
    });

    it('accepts path-less add and replace of members and displayName', () => {
      expect(plan({ op: 'add', value: { members: [{ value: 'a' }] } })).toEqual({
        addMembers: ['a'],
        removeMembers: [],
      });
      expect(plan({ op: 'replace', value: { members: [{ value: 'b' }], displayName: 'X' } })).toEqual({
        displayName: 'X',
        addMembers: [],
        removeMembers: [],
        replaceMembers: ['b'],
      });
    });

    it('ignores display, type and $ref of members and de-duplicates ids', () => {
      const value: JsonValue = [
        { value: 'a', display: 'A', type: 'User', $ref: 'x' },
        { value: 'a', type: 'User' },
      ];
      expect(plan({ op: 'add', path: 'members', value }).addMembers).toEqual(['a']);
    });
  });

  describe('other attributes', () => {
    it('replaces and removes externalId (null means removed)', () => {
      expect(plan({ op: 'replace', path: 'externalId', value: 'e2' }).externalId).toBe('e2');
      expect(plan({ op: 'remove', path: 'externalId' }).externalId).toBeNull();
      expect(plan({ op: 'replace', path: 'externalId', value: '' }).externalId).toBeNull();
      expect(patchGroup([], { op: 'remove', path: 'externalId' })).not.toHaveProperty('externalId');
    });

    it('accepts the core Group URN-prefixed displayName and capitalised attribute names', () => {
      expect(plan({ op: 'replace', path: `${CORE_GROUP}:displayName`, value: 'A' }).displayName).toBe('A');
      expect(plan({ op: 'replace', path: 'DisplayName', value: 'B' }).displayName).toBe('B');
    });

    it("ignores the group's own id, schemas and meta in a path-less replace", () => {
      const result = plan({
        op: 'replace',
        value: { id: GROUP_ID, schemas: [CORE_GROUP], meta: {}, displayName: 'C' },
      });
      expect(result.displayName).toBe('C');
    });

    it('keeps schemas right and never mutates the input', () => {
      const input = group(['u1']);
      const snapshot = structuredClone(input);
      const result = applyPatch(
        'Group',
        input,
        patchBody({ op: 'add', path: 'members', value: [{ value: 'u2' }] }),
      );
      expect(input).toEqual(snapshot);
      expect(result.resource.schemas).toEqual([CORE_GROUP]);
    });
  });

  describe('errors', () => {
    it('refuses removing or clearing the required displayName (mutability)', () => {
      expectScimError(() => plan({ op: 'remove', path: 'displayName' }), 'mutability');
      expectScimError(() => plan({ op: 'replace', path: 'displayName', value: '' }), 'mutability');
    });

    it('refuses modifying a member sub-attribute (mutability)', () => {
      expectScimError(
        () => plan({ op: 'replace', path: 'members[value eq "a"].value', value: 'b' }),
        'mutability',
      );
      expectScimError(
        () => plan({ op: 'replace', path: 'members[value eq "a"]', value: { type: 'Group' } }),
        'mutability',
      );
      expectScimError(() => plan({ op: 'replace', path: 'members.display', value: 'x' }), 'mutability');
    });

    it("refuses another group's id (mutability)", () => {
      expectScimError(() => plan({ op: 'replace', value: { id: 'other' } }), 'mutability');
    });

    it('refuses a members filter it cannot turn into ids without the members (invalidPath)', () => {
      expectScimError(() => plan({ op: 'remove', path: 'members[type eq "User"]' }), 'invalidPath');
    });

    it('answers noTarget when a members filter other than value eq selects no member', () => {
      expectScimError(
        () =>
          planGroupPatch(patchBody({ op: 'remove', path: 'members[display eq "Nobody"]' }), GROUP_ID, view()),
        'noTarget',
      );
    });

    it('refuses a member without a value (invalidValue)', () => {
      expectScimError(() => plan({ op: 'add', path: 'members', value: [{ display: 'A' }] }), 'invalidValue');
      expectScimError(() => plan({ op: 'add', path: 'members', value: ['u1'] }), 'invalidValue');
    });

    it('refuses a User attribute on a Group (invalidPath)', () => {
      expectScimError(() => plan({ op: 'replace', path: 'userName', value: 'x' }), 'invalidPath');
    });

    it('is all or nothing: a failing second operation applies nothing', () => {
      const input = group(['u1']);
      expectScimError(
        () =>
          applyPatch(
            'Group',
            input,
            patchBody(
              { op: 'add', path: 'members', value: [{ value: 'u2' }] },
              { op: 'remove', path: 'displayName' },
            ),
          ),
        'mutability',
        'Operations[1]',
      );
      expect(input).toEqual(group(['u1']));
    });
  });
});
