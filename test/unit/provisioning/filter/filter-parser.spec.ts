import { expect } from '@jest/globals';
import {
  AttributeRef,
  ComparisonOperator,
  FilterError,
  FilterNode,
  parseFilter,
} from '../../../../src/modules/provisioning/domain/filter';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

const user = (text: string) => parseFilter(text, 'User');
const group = (text: string) => parseFilter(text, 'Group');

/** A compact form of the tree, so that expectations read like the filter. */
function show(node: FilterNode): string {
  switch (node.kind) {
    case 'comparison':
      return `${node.attribute.path} ${node.operator} ${JSON.stringify(node.value)}`;
    case 'present':
      return `${node.attribute.path} pr`;
    case 'and':
    case 'or':
      return `(${node.operands.map(show).join(` ${node.kind} `)})`;
    case 'not':
      return `not ${show(node.operand)}`;
    case 'valuePath':
      return `${node.attribute.path}[${show(node.filter)}]`;
  }
}

function errorOf(run: () => unknown): FilterError {
  try {
    run();
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error('expected a FilterError');
}

describe('parseFilter', () => {
  describe('Entra ID look-ups', () => {
    it('userName eq', () => {
      expect(user('userName eq "Test_User_ab6490ee@testuser.com"')).toEqual({
        kind: 'comparison',
        attribute: {
          schemaId: CORE_USER,
          attribute: 'userName',
          path: 'userName',
          type: 'string',
          caseExact: false,
          multiValued: false,
        },
        operator: 'eq',
        value: 'Test_User_ab6490ee@testuser.com',
      });
    });

    it('externalId eq, a caseExact common attribute', () => {
      const node = user('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"');
      expect(node).toMatchObject({
        kind: 'comparison',
        attribute: { schemaId: '', path: 'externalId', caseExact: true },
        operator: 'eq',
        value: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      });
    });

    it('id eq', () => {
      expect(show(user('id eq "2819c223-7f76-453a-919d-413861904646"'))).toBe(
        'id eq "2819c223-7f76-453a-919d-413861904646"',
      );
    });

    it('emails[type eq "work"].value eq: one element with both', () => {
      const node = user('emails[type eq "work"].value eq "a@b.c"');
      expect(show(node)).toBe('emails[(emails.type eq "work" and emails.value eq "a@b.c")]');
      expect(node).toMatchObject({
        kind: 'valuePath',
        attribute: { path: 'emails', type: 'complex', multiValued: true },
      });
    });

    it('displayName eq for groups', () => {
      expect(show(group('displayName eq "Sales"'))).toBe('displayName eq "Sales"');
    });

    it('and of matching attributes', () => {
      expect(show(user('userName eq "a" and externalId eq "b"'))).toBe(
        '(userName eq "a" and externalId eq "b")',
      );
    });
  });

  describe('operators', () => {
    const operators: ComparisonOperator[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
    it.each(operators)('%s on a string', (operator) => {
      expect(user(`title ${operator} "x"`)).toMatchObject({ kind: 'comparison', operator, value: 'x' });
    });

    it('pr', () => {
      expect(user('title pr')).toEqual({
        kind: 'present',
        attribute: expect.objectContaining({ path: 'title' }),
      });
    });

    it('are case-insensitive, and so are keywords and attribute names', () => {
      expect(show(user('USERNAME EQ "a" AND Title PR OR NOT (Active Eq TRUE)'))).toBe(
        '((userName eq "a" and title pr) or not active eq true)',
      );
    });

    it('unknown operator', () => {
      const error = errorOf(() => user('userName like "a"'));
      expect(error.message).toBe(
        'Unknown operator "like", expected eq, ne, co, sw, ew, gt, ge, lt, le or pr at position 9',
      );
      expect(error.position).toBe(9);
    });
  });

  describe('values', () => {
    it('strings with JSON escapes', () => {
      expect(user(String.raw`title eq "a\"b\\c\/d\n\t\u00e9\u0041"`)).toMatchObject({
        value: 'a"b\\c/d\n\té' + 'A',
      });
    });

    it('a number for a string attribute is refused (no numeric attribute in the schemas)', () => {
      expect(errorOf(() => user('title eq 12')).message).toBe(
        'Attribute "title" must be compared with a string at position 9',
      );
    });

    it('true, false (any case) on booleans', () => {
      expect(user('active eq true')).toMatchObject({ value: true });
      expect(user('active eq False')).toMatchObject({ value: false });
      expect(user('emails[primary eq true]')).toMatchObject({ filter: { value: true } });
    });

    it('"True" / "False" strings on booleans, as Entra writes booleans', () => {
      expect(user('active eq "True"')).toMatchObject({ value: true });
    });

    it('null', () => {
      expect(user('title eq null')).toMatchObject({ operator: 'eq', value: null });
      expect(user('title ne null')).toMatchObject({ operator: 'ne', value: null });
      expect(errorOf(() => user('title gt null')).message).toBe(
        'Operator "gt" cannot compare with null at position 6',
      );
    });

    it('dateTime values are normalised to ISO UTC with milliseconds', () => {
      expect(user('meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({
        attribute: { path: 'meta.lastModified', type: 'dateTime' },
        value: '2011-05-13T04:42:34.000Z',
      });
      expect(user('meta.created ge "2024-01-01T02:00:00+02:00"')).toMatchObject({
        value: '2024-01-01T00:00:00.000Z',
      });
    });

    it('an invalid dateTime is refused', () => {
      expect(errorOf(() => user('meta.created gt "yesterday"')).message).toBe(
        'Attribute "meta.created" must be compared with a dateTime such as "2024-05-01T10:00:00Z" at position 16',
      );
    });

    it('sw on a dateTime keeps the text', () => {
      expect(user('meta.created sw "2024-01"')).toMatchObject({ value: '2024-01' });
    });
  });

  describe('operator and type', () => {
    it.each(['gt', 'ge', 'lt', 'le', 'co', 'sw', 'ew'])('%s on a boolean is refused', (operator) => {
      expect(errorOf(() => user(`active ${operator} true`)).message).toBe(
        `Operator "${operator}" cannot be used on boolean attribute "active" at position 7`,
      );
    });

    it('a boolean attribute takes true or false', () => {
      expect(errorOf(() => user('active eq "yes"')).message).toBe(
        'Attribute "active" must be compared with true or false at position 10',
      );
    });

    it('a complex attribute without "value" cannot be compared', () => {
      expect(errorOf(() => user('name eq "x"')).message).toBe(
        'Attribute "name" is complex: compare one of its sub-attributes at position 5',
      );
    });

    it('a multi-valued complex attribute compared directly means its value (RFC 7644 3.4.2.2)', () => {
      expect(show(user('emails co "example.com"'))).toBe('emails.value co "example.com"');
      expect(show(group('members eq "u1"'))).toBe('members.value eq "u1"');
    });

    it('pr on a complex attribute stays on the attribute', () => {
      expect(show(user('name pr'))).toBe('name pr');
      expect(show(group('members pr'))).toBe('members pr');
    });
  });

  describe('logic', () => {
    it('and binds tighter than or', () => {
      expect(show(user('title pr or userName eq "a" and active eq true'))).toBe(
        '(title pr or (userName eq "a" and active eq true))',
      );
      expect(show(user('title pr and userName eq "a" or active eq true'))).toBe(
        '((title pr and userName eq "a") or active eq true)',
      );
    });

    it('parentheses override precedence', () => {
      expect(show(user('title pr and (userName eq "a" or active eq true)'))).toBe(
        '(title pr and (userName eq "a" or active eq true))',
      );
    });

    it('chains flatten', () => {
      expect(show(user('title pr and (nickName pr and locale pr) and timezone pr'))).toBe(
        '(title pr and nickName pr and locale pr and timezone pr)',
      );
    });

    it('not ( ... ), with or without a space', () => {
      expect(show(user('not (userName eq "a")'))).toBe('not userName eq "a"');
      expect(show(user('not(userName eq "a" or title pr)'))).toBe('not (userName eq "a" or title pr)');
      expect(show(user('title pr and not (active eq false)'))).toBe('(title pr and not active eq false)');
    });

    it('not without parentheses is refused', () => {
      expect(errorOf(() => user('not userName eq "a"')).message).toBe(
        'Unexpected "userName", expected "(" after "not" at position 4',
      );
    });

    it('RFC 7644 examples', () => {
      expect(
        show(user('userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")')),
      ).toBe('(userType eq "Employee" and (emails.value co "example.com" or emails.value co "example.org"))');
      expect(
        show(
          user('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")'),
        ),
      ).toBe(
        '(userType ne "Employee" and not (emails.value co "example.com" or emails.value co "example.org"))',
      );
      expect(
        show(user('userType eq "Employee" and emails[type eq "work" and value co "@example.com"]')),
      ).toBe(
        '(userType eq "Employee" and emails[(emails.type eq "work" and emails.value co "@example.com")])',
      );
      expect(
        show(user('emails[type eq "work" and value co "@example.com"] or phoneNumbers[type eq "mobile"]')),
      ).toBe(
        '(emails[(emails.type eq "work" and emails.value co "@example.com")] or phoneNumbers[phoneNumbers.type eq "mobile"])',
      );
    });
  });

  describe('value paths', () => {
    it('with logic inside', () => {
      expect(show(user('emails[type eq "work" or not (primary eq true)]'))).toBe(
        'emails[(emails.type eq "work" or not emails.primary eq true)]',
      );
    });

    it('on a single-valued complex attribute', () => {
      expect(show(user(`${ENTERPRISE}:manager[value eq "m1"]`))).toBe('manager[manager.value eq "m1"]');
    });

    it('followed by a sub-attribute and pr', () => {
      expect(show(user('emails[type eq "work"].value pr'))).toBe(
        'emails[(emails.type eq "work" and emails.value pr)]',
      );
    });

    it('members on groups', () => {
      expect(show(group('members[value eq "u1"]'))).toBe('members[members.value eq "u1"]');
    });

    it('an unknown sub-attribute inside', () => {
      expect(errorOf(() => user('emails[kind eq "work"]')).message).toBe(
        'Unknown sub-attribute "kind" of "emails" at position 7',
      );
    });

    it('nested brackets are refused', () => {
      expect(errorOf(() => user('emails[type[value eq "x"] eq "y"]')).message).toBe(
        'A value filter cannot contain another "[" at position 11',
      );
    });

    it('on a simple attribute is refused', () => {
      expect(errorOf(() => user('userName[value eq "x"]')).message).toBe(
        '"[" can only follow a complex attribute such as emails, not "userName" at position 8',
      );
    });

    it('unclosed', () => {
      expect(errorOf(() => user('emails[type eq "work"')).message).toBe(
        'Unexpected end of filter, expected "]" at position 21',
      );
    });

    it('a sub-attribute after "]" must follow it directly', () => {
      expect(errorOf(() => user('emails[type eq "work"] .value eq "x"')).message).toBe(
        'Unexpected ".value", expected "and", "or" or the end of the filter at position 23',
      );
    });
  });

  describe('attribute paths', () => {
    it('URN-prefixed core and extension attributes', () => {
      expect(user(`${CORE_USER}:userName eq "a"`)).toMatchObject({
        attribute: { path: 'userName', schemaId: CORE_USER },
      });
      expect(user(`${ENTERPRISE}:employeeNumber eq "701984"`)).toMatchObject({
        attribute: { path: 'employeeNumber', schemaId: ENTERPRISE },
      });
      expect(user(`${ENTERPRISE}:manager.value eq "m1"`)).toMatchObject({
        attribute: { path: 'manager.value', subAttribute: 'value', caseExact: true },
      });
    });

    it('extension attributes without URN', () => {
      expect(user('department eq "Tour Operations"')).toMatchObject({ attribute: { schemaId: ENTERPRISE } });
    });

    it('sub-attributes', () => {
      expect(user('name.familyName eq "Jensen"')).toMatchObject({
        attribute: { attribute: 'name', subAttribute: 'familyName', path: 'name.familyName' },
      });
      expect(user('meta.lastModified pr')).toMatchObject({
        attribute: { path: 'meta.lastModified', schemaId: '' },
      });
    });

    it('$ref', () => {
      expect(group('members.$ref pr')).toMatchObject({ attribute: { path: 'members.$ref' } });
    });

    it('unknown attribute', () => {
      const error = errorOf(() => user('title pr and favouriteColour eq "blue"'));
      expect(error).toBeInstanceOf(FilterError);
      expect(error.scimType).toBe('invalidFilter');
      expect(error.message).toBe('Unknown attribute "favouriteColour" for resource type User at position 13');
      expect(error.position).toBe(13);
    });

    it('resolves per resource type', () => {
      expect(errorOf(() => group('userName eq "a"')).message).toBe(
        'Unknown attribute "userName" for resource type Group at position 0',
      );
      expect(errorOf(() => user('members pr')).message).toBe(
        'Unknown attribute "members" for resource type User at position 0',
      );
    });

    it('unknown URN', () => {
      expect(errorOf(() => user('urn:example:custom:2.0:User:badge eq "1"')).message).toMatch(
        /^Unknown attribute/,
      );
    });
  });

  describe('syntax errors point at the place', () => {
    const cases: Array<[string, string]> = [
      ['', 'Unexpected end of filter, expected an attribute name, "(" or "not (" at position 0'],
      [
        'userName eq',
        'Unexpected end of filter, expected a value: a "string", a number, true, false or null at position 11',
      ],
      [
        'userName',
        'Unexpected end of filter, expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) at position 8',
      ],
      [
        'userName eq "a" and',
        'Unexpected end of filter, expected an attribute name, "(" or "not (" at position 19',
      ],
      [
        'userName eq "a" title pr',
        'Unexpected "title", expected "and", "or" or the end of the filter at position 16',
      ],
      ['(userName eq "a"', 'Unexpected end of filter, expected ")" at position 16'],
      ['userName eq "a")', 'Unexpected ")", expected "and", "or" or the end of the filter at position 15'],
      ['userName eq "abc', 'Unterminated string at position 12'],
      [String.raw`userName eq "a\x"`, 'Invalid escape "\\x" in string at position 14'],
      [String.raw`userName eq "\u12"`, 'Invalid \\u escape in string at position 13'],
      [
        'userName eq a',
        'Unexpected "a", expected a value: a "string", a number, true, false or null at position 12',
      ],
      ["userName eq 'a'", 'Unexpected character "\'" at position 12'],
      ['title gt 12abc', 'Invalid number at position 9'],
      ['userName eq "a" and = 2', 'Unexpected character "=" at position 20'],
      ['"a" eq userName', 'Unexpected string "a", expected an attribute name, "(" or "not (" at position 0'],
    ];
    it.each(cases)('%j', (text, message) => {
      expect(errorOf(() => user(text)).message).toBe(message);
    });
  });

  describe('limits', () => {
    it('deep nesting is refused', () => {
      const text = `${'('.repeat(60)}title pr${')'.repeat(60)}`;
      expect(errorOf(() => user(text)).message).toBe('Filter is nested too deeply at position 50');
    });

    it('more than 100 expressions are refused', () => {
      const text = Array.from({ length: 101 }, (_, i) => `id eq "${i}"`).join(' or ');
      expect(errorOf(() => user(text)).message).toMatch(/^Filter has more than 100 expressions/);
    });

    it('100 expressions are fine', () => {
      const text = Array.from({ length: 100 }, (_, i) => `id eq "${i}"`).join(' or ');
      expect(user(text)).toMatchObject({ kind: 'or' });
    });

    it('more than 20 terms that no index narrows (co, ew, ne, pr, not) are refused', () => {
      const scans = ['title co "a"', 'title ew "a"', 'title ne "a"', 'title pr', 'not (title eq "a")'];
      const twenty = Array.from({ length: 20 }, (_, i) => scans[i % scans.length]).join(' or ');
      expect(user(twenty)).toMatchObject({ kind: 'or' });
      expect(errorOf(() => user(`${twenty} or title co "b"`)).message).toMatch(
        /^Filter has more than 20 terms that no index narrows/,
      );
      // Indexed terms do not count.
      const indexed = Array.from({ length: 80 }, (_, i) => `userName sw "u${i}"`).join(' or ');
      expect(user(`${indexed} or ${twenty}`)).toMatchObject({ kind: 'or' });
    });
  });

  it('whitespace around tokens is free', () => {
    expect(show(user('  ( userName   eq\t"a" )\nand title pr '))).toBe('(userName eq "a" and title pr)');
  });

  it('returns plain data with resolved attributes', () => {
    const node = user('name.givenName sw "Ba"');
    const attribute: AttributeRef = {
      schemaId: CORE_USER,
      attribute: 'name',
      subAttribute: 'givenName',
      path: 'name.givenName',
      type: 'string',
      caseExact: false,
      multiValued: false,
    };
    expect(node).toEqual({ kind: 'comparison', attribute, operator: 'sw', value: 'Ba' });
  });

  it("refuses meta.location, made from each request's address (a filter could never match it)", () => {
    for (const text of [
      'meta.location pr',
      'meta.location eq "https://x/scim/v2/Users/1"',
      'not (meta.location co "Users")',
    ])
      expect(() => user(text)).toThrow(/"meta.location" cannot be filtered or sorted on/);
    expect(() => group('meta.location pr')).toThrow(FilterError);
  });

  it("refuses the manager's displayName and $ref, read from the manager when the user is read", () => {
    for (const text of [
      `${ENTERPRISE}:manager.displayName eq "Big Boss"`,
      `${ENTERPRISE}:manager.displayName pr`,
      `${ENTERPRISE}:manager.$ref pr`,
      `manager.displayName co "boss"`,
      `not (${ENTERPRISE}:manager.DISPLAYNAME sw "B")`,
      `${ENTERPRISE}:manager[displayName eq "Big Boss"]`,
      `${ENTERPRISE}:manager[value pr].$ref pr`,
    ])
      expect(() => user(text)).toThrow(/cannot be filtered or sorted on: it is read from the manager/);
    expect(show(user(`${ENTERPRISE}:manager.value eq "m1"`))).toBe('manager.value eq "m1"');
    expect(show(user(`${ENTERPRISE}:manager eq "m1"`))).toBe('manager.value eq "m1"');
  });
});
