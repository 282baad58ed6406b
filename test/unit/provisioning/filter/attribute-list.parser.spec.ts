import {
  FilterError,
  parseAttributeList,
  parseSortBy,
  parseSortOrder,
} from '../../../../src/modules/provisioning/domain/filter';

describe('parseAttributeList', () => {
  it('comma-separated paths, resolved and canonical', () => {
    const refs = parseAttributeList(
      'userName, NAME.familyName,,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,emails',
      'User',
    );
    expect(refs.map((ref) => ref.path)).toEqual(['userName', 'name.familyName', 'department', 'emails']);
  });

  it('schemas, the common attribute the shared definitions do not list', () => {
    expect(parseAttributeList('id,schemas,userName', 'User').map((ref) => ref.path)).toEqual([
      'id',
      'schemas',
      'userName',
    ]);
  });

  it('Entra excludedAttributes=members on groups', () => {
    expect(parseAttributeList('members', 'Group')).toMatchObject([{ path: 'members', type: 'complex' }]);
  });

  it("an extension's URN alone names the whole extension object, in any case", () => {
    const urn = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    expect(parseAttributeList(`userName,${urn.toUpperCase()}`, 'User')).toMatchObject([
      { path: 'userName' },
      { schemaId: urn, attribute: urn, type: 'complex' },
    ]);
    expect(() => parseAttributeList(urn, 'Group')).toThrow(FilterError);
  });

  it('unknown attribute, with its offset', () => {
    expect(() => parseAttributeList('userName, shoeSize', 'User')).toThrow(
      new FilterError('Unknown attribute "shoeSize" for resource type User', 10),
    );
  });
});

describe('parseSortBy', () => {
  it('a path', () => {
    expect(parseSortBy('meta.lastModified', 'User')).toMatchObject({
      path: 'meta.lastModified',
      type: 'dateTime',
    });
  });

  it('a multi-valued complex attribute sorts by its value', () => {
    expect(parseSortBy('emails', 'User')).toMatchObject({ path: 'emails.value', multiValued: true });
  });

  it('a complex attribute without value is refused', () => {
    expect(() => parseSortBy('name', 'User')).toThrow('Cannot sort by complex attribute "name"');
  });

  it('unknown', () => {
    expect(() => parseSortBy('nope', 'Group')).toThrow(FilterError);
  });
});

describe('parseSortOrder', () => {
  it.each([
    [undefined, 'ascending'],
    ['', 'ascending'],
    ['Ascending', 'ascending'],
    ['DESCENDING', 'descending'],
  ])('%j -> %s', (text, order) => {
    expect(parseSortOrder(text)).toBe(order);
  });

  it('anything else is refused', () => {
    expect(() => parseSortOrder('up')).toThrow('sortOrder must be "ascending" or "descending", not "up"');
  });
});
