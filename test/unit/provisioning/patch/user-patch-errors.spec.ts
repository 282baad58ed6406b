import { ScimPatchError, applyPatch } from '../../../../src/modules/provisioning/domain/patch';
import { normalizeUserInput } from '../../../../src/modules/provisioning/domain/patch/normalize-resource-input';
import { JsonValue } from '../../../../src/platform/event-store/event-store.port';
import { PATCH_OP, expectScimError, patchBody, user } from './patch-fixtures';

const patchUser = (body: unknown) => applyPatch('User', user(), body);
const patchWith = (...operations: JsonValue[]) => patchUser(patchBody(...operations));

describe('applyPatch (User): errors', () => {
  describe('invalidSyntax', () => {
    it.each<[string, unknown]>([
      ['a body that is not an object', []],
      ['a missing schemas array', { Operations: [] }],
      ['schemas without the PatchOp URN', { schemas: ['urn:x'], Operations: [] }],
      ['a missing Operations array', { schemas: [PATCH_OP] }],
      ['Operations that is not an array', { schemas: [PATCH_OP], Operations: {} }],
      ['an operation that is not an object', { schemas: [PATCH_OP], Operations: ['add'] }],
      ['an unknown op', { schemas: [PATCH_OP], Operations: [{ op: 'merge', path: 'title', value: 'x' }] }],
      ['a missing op', { schemas: [PATCH_OP], Operations: [{ path: 'title', value: 'x' }] }],
      [
        'a path that is not a string',
        { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 3, value: 'x' }] },
      ],
    ])('rejects %s', (_, body) => {
      expectScimError(() => patchUser(body), 'invalidSyntax');
    });

    it('accepts the PatchOp URN in any case and an "operations" key in any case', () => {
      const body = {
        SCHEMAS: [PATCH_OP.toUpperCase()],
        operations: [{ OP: 'Replace', PATH: 'title', VALUE: 'T' }],
      };
      expect(patchUser(body).resource.title).toBe('T');
    });
  });

  describe('invalidPath', () => {
    it.each([
      ['an unknown attribute', 'favoriteColor'],
      ['an unknown sub-attribute', 'name.nickname'],
      ['a Group attribute on a User', 'members'],
      ['an unterminated filter', 'emails[type eq "work"'],
      ['a filter with an unknown attribute', 'emails[colour eq "red"].value'],
      ['a filter with an unknown operator', 'emails[type like "work"].value'],
      ['a filter on a simple attribute', 'userName[value eq "x"]'],
      ['an unknown sub-attribute after a filter', 'emails[type eq "work"].number'],
    ])('rejects %s (%s)', (_, path) => {
      expectScimError(() => patchWith({ op: 'replace', path, value: 'x' }), 'invalidPath');
    });

    it('rejects an unknown key in a path-less value', () => {
      expectScimError(
        () => patchWith({ op: 'replace', value: { favoriteColor: 'red' } }),
        'invalidPath',
        'favoriteColor',
      );
    });
  });

  describe('noTarget', () => {
    it('rejects remove without a path', () => {
      expectScimError(() => patchWith({ op: 'remove' }), 'noTarget');
    });

    it('rejects remove through a filter that matches nothing (RFC 7644)', () => {
      expectScimError(() => patchWith({ op: 'remove', path: 'emails[type eq "home"]' }), 'noTarget');
    });

    it('rejects replace through a filter that matches nothing and cannot create the element', () => {
      expectScimError(
        () => patchWith({ op: 'replace', path: 'emails[value co "x"].display', value: 'X' }),
        'noTarget',
      );
      expectScimError(
        () => patchWith({ op: 'replace', path: 'emails[type ne "work"].value', value: 'x@x' }),
        'noTarget',
      );
    });
  });

  describe('invalidValue', () => {
    // Bounds on one request: operations x values is the work a PATCH does on the event loop.
    it('refuses more than 1,000 operations, and an attribute left with more than 1,000 values', () => {
      const op = (i: number) => ({ op: 'add', path: `emails[type eq "t${i}"].value`, value: `e${i}@x.test` });
      // The fixture has one email already: 999 more make 1,000.
      expect(() => patchWith(...Array.from({ length: 999 }, (_, i) => op(i)))).not.toThrow();
      expectScimError(
        () => patchWith(...Array.from({ length: 1000 }, (_, i) => op(i))),
        'invalidValue',
        'emails',
      );
      expectScimError(
        () => patchWith(...Array.from({ length: 1001 }, (_, i) => op(i))),
        'invalidValue',
        '1000',
      );
      const many = Array.from({ length: 1001 }, (_, i) => ({ value: `+1 555 ${i}` }));
      expectScimError(
        () => patchWith({ op: 'add', path: 'phoneNumbers', value: many }),
        'invalidValue',
        'phoneNumbers',
      );
      expect(() => normalizeUserInput({ ...user(), phoneNumbers: many })).toThrow(/at most 1000 values/);
      expect(() => normalizeUserInput({ ...user(), phoneNumbers: many.slice(1) })).not.toThrow();
    });

    // Unassigned, active reads as true: clearing it would restore a disabled user unasked.
    it.each<[string, JsonValue]>([
      ['remove', { op: 'remove', path: 'active' }],
      ['replace with null', { op: 'replace', path: 'active', value: null }],
      ['Replace with ""', { op: 'Replace', path: 'active', value: '' }],
      ['a path-less null', { op: 'replace', value: { active: null } }],
      ['the URN-prefixed path', { op: 'remove', path: 'urn:ietf:params:scim:schemas:core:2.0:User:active' }],
    ])('refuses clearing active (%s)', (_, operation) => {
      const disabled = { ...user(), active: false };
      expectScimError(() => applyPatch('User', disabled, patchBody(operation)), 'invalidValue', 'active');
    });

    it.each<[string, string, JsonValue]>([
      ['a number for userName', 'userName', 42],
      ['an object for a string attribute', 'displayName', { text: 'x' }],
      ['an array for a string attribute', 'title', ['x']],
      ['a non-boolean string for active', 'active', 'yes'],
      ['a number for active', 'active', 1],
      ['a string for a complex attribute', 'name', 'Alice Smith'],
      ['a string for a multi-valued complex attribute', 'emails', 'a@b.c'],
      ['an unknown sub-attribute in a value', 'emails', [{ value: 'a@b.c', kind: 'work' }]],
      [
        'two primary values',
        'emails',
        [
          { value: 'a@b.c', primary: true },
          { value: 'd@e.f', primary: true },
        ],
      ],
      ['a non-boolean primary', 'emails', [{ value: 'a@b.c', primary: 'maybe' }]],
    ])('rejects %s', (_, path, value) => {
      expectScimError(() => patchWith({ op: 'replace', path, value }), 'invalidValue');
    });

    it('rejects add/replace with a path but no value', () => {
      expectScimError(() => patchWith({ op: 'add', path: 'title' }), 'invalidValue');
    });

    it('rejects a path-less add whose value is not an object', () => {
      expectScimError(() => patchWith({ op: 'add', value: 'x' }), 'invalidValue');
    });
  });

  describe('mutability', () => {
    it.each<[string, JsonValue]>([
      ['replace of id', { op: 'replace', path: 'id', value: 'other' }],
      ['a different id in a path-less replace', { op: 'replace', value: { id: 'other' } }],
      ['replace of meta', { op: 'replace', path: 'meta', value: {} }],
      [
        'replace of meta.lastModified',
        { op: 'replace', path: 'meta.lastModified', value: '2025-01-01T00:00:00Z' },
      ],
      ['add to groups', { op: 'add', path: 'groups', value: [{ value: 'g1' }] }],
      ['replace of groups', { op: 'replace', path: 'groups', value: [] }],
      ['remove of groups', { op: 'remove', path: 'groups' }],
      ['replace of groups.display', { op: 'replace', path: 'groups.display', value: 'x' }],
      ['remove of the required userName', { op: 'remove', path: 'userName' }],
      ['clearing the required userName with ""', { op: 'replace', path: 'userName', value: '' }],
      ['clearing the required userName with null', { op: 'replace', value: { userName: null } }],
    ])('rejects %s', (_, operation) => {
      expectScimError(() => patchWith(operation), 'mutability');
    });
  });

  describe('all or nothing', () => {
    it('applies nothing when the second operation fails, and leaves the input unchanged', () => {
      const input = user();
      const snapshot = structuredClone(input);
      const error = expectScimError(
        () =>
          applyPatch(
            'User',
            input,
            patchBody(
              { op: 'replace', path: 'displayName', value: 'Changed' },
              { op: 'replace', path: 'active', value: 'not-a-boolean' },
            ),
          ),
        'invalidValue',
      );
      expect(input).toEqual(snapshot);
      expect(error.detail).toContain('Operations[1]');
    });

    it('points the detail at the failing operation', () => {
      const error = expectScimError(
        () => patchWith({ op: 'add', path: 'title', value: 'ok' }, { op: 'add', path: 'nope', value: 'x' }),
        'invalidPath',
      );
      expect(error.detail).toMatch(/^Operations\[1\]: .*"nope"/);
      expect(error).toBeInstanceOf(ScimPatchError);
    });
  });
});
