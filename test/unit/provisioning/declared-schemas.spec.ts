import { expect } from '@jest/globals';
import {
  SEARCH_REQUEST_SCHEMA,
  declaredSchemasProblem,
} from '../../../src/modules/provisioning/domain/schema/declared-schemas';
import { coreSchemaIdOf } from '../../../src/modules/provisioning/domain/patch/schema-lookup';
import { normalizeGroupInput, normalizeUserInput } from '../../../src/modules/provisioning/domain/patch';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('a body\'s "schemas" (RFC 7643 3)', () => {
  it('accepts the core schema with extensions, known or not, in any case; and no schemas at all', () => {
    expect(declaredSchemasProblem([USER, ENTERPRISE], coreSchemaIdOf('User'))).toBeUndefined();
    expect(
      declaredSchemasProblem([USER.toUpperCase(), 'urn:example:custom'], coreSchemaIdOf('User')),
    ).toBeUndefined();
    expect(declaredSchemasProblem(undefined, coreSchemaIdOf('Group'))).toBeUndefined();
  });

  it.each([
    ['a string', USER, /array/],
    ['a list with a non-string', [USER, 1], /array/],
    ['an empty list', [], /must list urn:ietf:params:scim:schemas:core:2.0:User/],
    ["another resource type's schema", [GROUP], /must list urn:ietf:params:scim:schemas:core:2.0:User/],
  ])('refuses %s', (_what, declared, problem) =>
    expect(declaredSchemasProblem(declared, coreSchemaIdOf('User'))).toMatch(problem),
  );

  it('a search body names the SearchRequest message', () => {
    expect(declaredSchemasProblem([SEARCH_REQUEST_SCHEMA], SEARCH_REQUEST_SCHEMA)).toBeUndefined();
    expect(declaredSchemasProblem(['urn:bogus'], SEARCH_REQUEST_SCHEMA)).toMatch(/SearchRequest/);
  });

  it('POST/PUT bodies with a wrong schemas are invalidSyntax, nothing normalised', () => {
    expect(() => normalizeUserInput({ schemas: [GROUP], userName: 'a' })).toThrow(
      expect.objectContaining({ scimType: 'invalidSyntax' }),
    );
    expect(() => normalizeGroupInput({ Schemas: USER, displayName: 'g' })).toThrow(
      expect.objectContaining({ scimType: 'invalidSyntax' }),
    );
    expect(normalizeGroupInput({ schemas: [GROUP], displayName: 'g' })).toMatchObject({ displayName: 'g' });
  });
});
