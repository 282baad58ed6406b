import { applyPatch } from '../../../../src/modules/provisioning/domain/patch';
import { JsonObject, JsonValue } from '../../../../src/platform/event-store/event-store.port';
import {
  CORE_USER,
  ENTERPRISE,
  USER_ID,
  expectScimError,
  patchBody,
  plainUser,
  user,
} from './patch-fixtures';

const patch = (resource: JsonObject, ...operations: JsonValue[]) =>
  applyPatch('User', resource, patchBody(...operations)).resource;

const twoEmails = () =>
  user({
    emails: [
      { value: 'alice@contoso.com', type: 'work', primary: true },
      { value: 'alice@home.example', type: 'home' },
    ],
  });

describe('applyPatch (User): RFC 7644 3.5.2 semantics', () => {
  describe('groups (readOnly) in a path-less value, as a GET body PATCHed back carries them', () => {
    const groups = [{ value: 'g1', display: 'Sales', $ref: 'https://x/Groups/g1' }];
    it.each(['add', 'replace'])('%s ignores them and applies the rest', (op) => {
      expect(patch(user(), { op, value: { ...user(), groups, title: 'new' } })).toEqual(
        user({ title: 'new' }),
      );
      expect(patch(user(), { op, value: { [CORE_USER]: { groups }, 'groups.value': 'g2' } })).toEqual(user());
    });
  });

  describe('password (writeOnly; the portal manages none)', () => {
    it.each([
      [{ op: 'replace', path: 'password', value: 'x' }],
      [{ op: 'add', path: `${CORE_USER}:Password`, value: 'x' }],
      [{ op: 'remove', path: 'password' }],
      [{ op: 'replace', value: { password: 'x' } }],
      [{ op: 'replace', value: { [CORE_USER]: { password: 'x' } } }],
    ])('%j is accepted and changes nothing', (operation) => {
      expect(patch(user(), operation)).toEqual(user());
    });

    it('a path-less value keeps its other changes', () => {
      expect(patch(user(), { op: 'replace', value: { password: 'x', title: 'Boss' } })).toEqual(
        user({ title: 'Boss' }),
      );
    });
  });

  describe('binary values (RFC 7643 2.3.6: base64)', () => {
    it('takes base64, line-wrapped or not, and refuses anything else (invalidValue)', () => {
      const add = (value: string) =>
        patch(user(), { op: 'add', path: 'x509Certificates', value: [{ value }] }).x509Certificates;
      expect(add('MIIDQzCCAqygAwIBAgICEAAw')).toEqual([{ value: 'MIIDQzCCAqygAwIBAgICEAAw' }]);
      expect(add('MIIDQzCC\nAqygAwIB\nAgICEAA=')).toHaveLength(1);
      for (const bad of ['not base64!', 'abc', 'YQ=a']) expectScimError(() => add(bad), 'invalidValue');
    });
  });

  describe('single-valued attributes', () => {
    it('add sets an absent attribute and replaces a present one', () => {
      expect(patch(plainUser(), { op: 'add', path: 'nickName', value: 'Bobby' }).nickName).toBe('Bobby');
      expect(patch(user(), { op: 'add', path: 'displayName', value: 'Other' }).displayName).toBe('Other');
    });

    it('remove of an absent attribute is not an error', () => {
      expect(patch(plainUser(), { op: 'remove', path: 'title' })).toEqual(plainUser());
    });

    it('replace of "name" with an object changes the given sub-attributes only', () => {
      const result = patch(user(), {
        op: 'replace',
        path: 'name',
        value: { givenName: 'Alicia', middleName: 'J' },
      });
      expect(result.name).toEqual({ givenName: 'Alicia', familyName: 'Smith', middleName: 'J' });
    });

    it('replace of "name" with a sub-attribute set to "" removes that sub-attribute', () => {
      expect(patch(user(), { op: 'replace', path: 'name', value: { familyName: '' } }).name).toEqual({
        givenName: 'Alice',
      });
    });

    it('remove of "name.givenName" removes the sub-attribute, and "name" once empty', () => {
      const once = patch(user(), { op: 'remove', path: 'name.givenName' });
      expect(once.name).toEqual({ familyName: 'Smith' });
      expect(patch(once, { op: 'remove', path: 'name.familyName' })).not.toHaveProperty('name');
    });

    it('add of "name.givenName" creates "name" when absent', () => {
      expect(patch(plainUser(), { op: 'add', path: 'name.givenName', value: 'Bob' }).name).toEqual({
        givenName: 'Bob',
      });
    });

    it('accepts the core URN-prefixed path', () => {
      const result = patch(user(), { op: 'replace', path: `${CORE_USER}:name.givenName`, value: 'Al' });
      expect(result.name).toEqual({ givenName: 'Al', familyName: 'Smith' });
    });

    it('path-less add merges a complex value into the existing one', () => {
      expect(patch(user(), { op: 'add', value: { name: { middleName: 'J' } } }).name).toEqual({
        givenName: 'Alice',
        familyName: 'Smith',
        middleName: 'J',
      });
    });
  });

  describe('multi-valued attributes', () => {
    it('add without filter appends new values', () => {
      const result = patch(user(), {
        op: 'add',
        path: 'emails',
        value: [{ value: 'a@home.example', type: 'home' }],
      });
      expect(result.emails).toEqual([
        { value: 'alice@contoso.com', type: 'work', primary: true },
        { value: 'a@home.example', type: 'home' },
      ]);
    });

    it('add without filter does not duplicate an identical value', () => {
      const result = patch(user(), {
        op: 'add',
        path: 'emails',
        value: [{ type: 'work', value: 'alice@contoso.com', primary: true }],
      });
      expect(result.emails).toEqual([{ value: 'alice@contoso.com', type: 'work', primary: true }]);
    });

    it('add of a primary value takes primary away from the others (RFC 7643 2.4)', () => {
      const result = patch(user(), {
        op: 'add',
        path: 'emails',
        value: [{ value: 'a@other.example', type: 'other', primary: 'True' }],
      });
      expect(result.emails).toEqual([
        { value: 'alice@contoso.com', type: 'work' },
        { value: 'a@other.example', type: 'other', primary: true },
      ]);
    });

    it('replace without filter replaces the whole array', () => {
      const result = patch(twoEmails(), { op: 'replace', path: 'emails', value: [{ value: 'n@x.example' }] });
      expect(result.emails).toEqual([{ value: 'n@x.example' }]);
    });

    it('replace of a multi-valued attribute with [] or null removes it', () => {
      expect(patch(twoEmails(), { op: 'replace', path: 'emails', value: [] })).not.toHaveProperty('emails');
      expect(patch(twoEmails(), { op: 'replace', path: 'emails', value: null })).not.toHaveProperty('emails');
    });

    it('add of an empty value to a multi-valued attribute adds nothing (add never clears)', () => {
      expect(patch(twoEmails(), { op: 'add', path: 'emails', value: [] }).emails).toEqual(twoEmails().emails);
      expect(patch(twoEmails(), { op: 'add', path: 'emails', value: null }).emails).toEqual(
        twoEmails().emails,
      );
    });

    it('remove without filter or value removes every value', () => {
      expect(patch(twoEmails(), { op: 'remove', path: 'emails' })).not.toHaveProperty('emails');
    });

    it('remove with a value list removes only the listed values', () => {
      const result = patch(twoEmails(), {
        op: 'remove',
        path: 'emails',
        value: [{ value: 'ALICE@home.example' }],
      });
      expect(result.emails).toEqual([{ value: 'alice@contoso.com', type: 'work', primary: true }]);
    });

    it('remove with a filter removes the matching values only', () => {
      const result = patch(twoEmails(), { op: 'remove', path: 'emails[type eq "home"]' });
      expect(result.emails).toEqual([{ value: 'alice@contoso.com', type: 'work', primary: true }]);
    });

    it('remove of a sub-attribute through a filter drops an element left without its value', () => {
      const result = patch(twoEmails(), { op: 'remove', path: 'emails[type eq "home"].value' });
      expect(result.emails).toEqual([{ value: 'alice@contoso.com', type: 'work', primary: true }]);
    });

    it('remove of a qualifying sub-attribute keeps the element', () => {
      const result = patch(twoEmails(), { op: 'remove', path: 'emails[type eq "work"].primary' });
      expect(result.emails).toEqual([
        { value: 'alice@contoso.com', type: 'work' },
        { value: 'alice@home.example', type: 'home' },
      ]);
    });

    it('filters compare caseExact=false attributes case-insensitively', () => {
      const result = patch(twoEmails(), {
        op: 'replace',
        path: 'emails[type eq "HOME"].value',
        value: 'n@home.example',
      });
      expect(result.emails).toContainEqual({ value: 'n@home.example', type: 'home' });
    });

    it('replace of a filtered element with an object changes the given sub-attributes of each match', () => {
      const result = patch(twoEmails(), {
        op: 'replace',
        path: 'emails[type eq "home"]',
        value: { value: 'n@home.example', display: 'Home' },
      });
      expect(result.emails).toContainEqual({ value: 'n@home.example', type: 'home', display: 'Home' });
    });

    it('replace of a filtered element with null removes the matching elements', () => {
      const result = patch(twoEmails(), { op: 'replace', path: 'emails[type eq "home"]', value: null });
      expect(result.emails).toEqual([{ value: 'alice@contoso.com', type: 'work', primary: true }]);
    });

    it('setting primary through a filter moves primary to the matched element', () => {
      const result = patch(twoEmails(), {
        op: 'replace',
        path: 'emails[type eq "home"].primary',
        value: 'true',
      });
      expect(result.emails).toEqual([
        { value: 'alice@contoso.com', type: 'work' },
        { value: 'alice@home.example', type: 'home', primary: true },
      ]);
    });

    it('creates the missing element from a conjunction of eq filters', () => {
      const result = patch(plainUser(), {
        op: 'add',
        path: 'addresses[type eq "work" and primary eq true].locality',
        value: 'Paris',
      });
      expect(result.addresses).toEqual([{ type: 'work', primary: true, locality: 'Paris' }]);
    });

    it('creates the missing element on replace of a filtered element with an object', () => {
      const result = patch(plainUser(), {
        op: 'replace',
        path: 'addresses[type eq "work"]',
        value: { streetAddress: '1 Rue', country: 'FR' },
      });
      expect(result.addresses).toEqual([{ type: 'work', streetAddress: '1 Rue', country: 'FR' }]);
    });

    it('clearing a sub-attribute of an element that does not exist changes nothing', () => {
      const result = applyPatch(
        'User',
        plainUser(),
        patchBody({ op: 'replace', path: 'phoneNumbers[type eq "fax"].value', value: '' }),
      );
      expect(result.changed).toBe(false);
    });

    it('accepts fully written attribute names inside a filter ("emails.type")', () => {
      const result = patch(twoEmails(), { op: 'remove', path: 'emails[emails.type eq "home"]' });
      expect(result.emails).toEqual([{ value: 'alice@contoso.com', type: 'work', primary: true }]);
    });

    it('supports or / not / co / sw / pr in value filters', () => {
      const resource = twoEmails();
      expect(
        patch(resource, { op: 'remove', path: 'emails[type eq "home" or type eq "work"]' }),
      ).not.toHaveProperty('emails');
      expect(patch(resource, { op: 'remove', path: 'emails[not (type eq "home")]' }).emails).toHaveLength(1);
      expect(patch(resource, { op: 'remove', path: 'emails[value co "@home"]' }).emails).toHaveLength(1);
      expect(patch(resource, { op: 'remove', path: 'emails[value sw "ALICE@c"]' }).emails).toHaveLength(1);
      expect(patch(resource, { op: 'remove', path: 'emails[primary pr]' }).emails).toEqual([
        { value: 'alice@home.example', type: 'home' },
      ]);
    });
  });

  describe('extension, schemas and read-only keys', () => {
    it('sets an enterprise attribute with its short name or its URN-prefixed name', () => {
      expect(patch(plainUser(), { op: 'add', path: 'department', value: 'Ops' })[ENTERPRISE]).toEqual({
        department: 'Ops',
      });
      const viaUrn = patch(plainUser(), { op: 'add', path: `${ENTERPRISE}:employeeNumber`, value: '7' });
      expect(viaUrn[ENTERPRISE]).toEqual({ employeeNumber: '7' });
      expect(viaUrn.schemas).toEqual([CORE_USER, ENTERPRISE]);
    });

    it('remove of the extension URN path removes the whole extension and its schema', () => {
      const result = patch(user(), { op: 'remove', path: ENTERPRISE });
      expect(result).not.toHaveProperty([ENTERPRISE]);
      expect(result.schemas).toEqual([CORE_USER]);
    });

    it('ignores the resource\'s own "id" in a path-less replace', () => {
      expect(patch(user(), { op: 'replace', value: { id: USER_ID, displayName: 'X' } }).displayName).toBe(
        'X',
      );
    });

    it('ignores path-less keys under an unknown schema URN', () => {
      const result = patch(user(), {
        op: 'replace',
        value: {
          'urn:example:custom:1.0:User:badge': 'B1',
          'urn:example:custom:1.0:User': { badge: 'B1' },
          title: 'T',
        },
      });
      expect(result.title).toBe('T');
      expect(Object.keys(result).some((k) => k.startsWith('urn:example'))).toBe(false);
    });

    it('never produces nulls or empty objects, and leaves id and meta alone', () => {
      const result = patch(user(), { op: 'replace', value: { name: { givenName: null, familyName: '' } } });
      expect(result).not.toHaveProperty('name');
      expect(JSON.stringify(result)).not.toContain('null');
      expect(result.id).toBe(USER_ID);
      expect(result.meta).toEqual(user().meta);
    });
  });

  describe('result', () => {
    it('returns a new object and never mutates the input', () => {
      const input = user();
      const snapshot = structuredClone(input);
      const result = applyPatch(
        'User',
        input,
        patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'z@z' }),
      );
      expect(input).toEqual(snapshot);
      expect(result.resource).not.toBe(input);
      expect(result.resource.emails).not.toBe(input.emails);
    });

    it('reports changed=false when the operations set what is already there', () => {
      expect(
        applyPatch('User', user(), patchBody({ op: 'replace', path: 'userName', value: 'alice@contoso.com' }))
          .changed,
      ).toBe(false);
      expect(
        applyPatch('User', user(), patchBody({ op: 'replace', path: 'userName', value: 'b@contoso.com' }))
          .changed,
      ).toBe(true);
    });

    it('applies many operations in order', () => {
      const operations = Array.from({ length: 50 }, (_, i) => ({
        op: 'replace',
        path: 'title',
        value: `T${i}`,
      }));
      expect(patch(user(), ...operations).title).toBe('T49');
    });
  });
});
