import { parseAttributeList } from '../../../../src/modules/provisioning/domain/filter';
import { selectAttributes } from '../../../../src/modules/provisioning/domain/response/select-attributes';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = {
  schemas: [CORE, ENTERPRISE],
  id: 'u1',
  userName: 'ann',
  name: { givenName: 'Ann', familyName: 'Lee' },
  emails: [{ value: 'ann@x.test', type: 'work' }],
  [ENTERPRISE]: { department: 'Sales', employeeNumber: '7' },
};
const refs = (list: string) => parseAttributeList(list, 'User');

describe('selectAttributes (RFC 7644 3.9)', () => {
  it('attributes: keeps the named ones, id and schemas', () =>
    expect(selectAttributes(user, refs('userName,name.givenName'), undefined)).toEqual({
      schemas: [CORE],
      id: 'u1',
      userName: 'ann',
      name: { givenName: 'Ann' },
    }));

  it('schemas names an extension only when the answer carries some of it (RFC 7643 3)', () => {
    expect(selectAttributes(user, refs(`${ENTERPRISE}:department`), undefined)).toEqual({
      schemas: [CORE, ENTERPRISE],
      id: 'u1',
      [ENTERPRISE]: { department: 'Sales' },
    });
    expect(selectAttributes(user, undefined, refs(ENTERPRISE)).schemas).toEqual([CORE]);
    const emptied = selectAttributes(
      user,
      undefined,
      refs(`${ENTERPRISE}:department,${ENTERPRISE}:employeeNumber`),
    );
    expect(emptied.schemas).toEqual([CORE]);
    expect(emptied).not.toHaveProperty(ENTERPRISE);
  });

  it('excludedAttributes: drops the named ones, never id or schemas; the input is left alone', () => {
    const answer = selectAttributes(user, undefined, refs('emails,id,schemas,name.familyName'));
    expect(answer).toEqual({ ...user, emails: undefined, name: { givenName: 'Ann' } } as object);
    expect(user.emails).toHaveLength(1);
  });

  it('without either, the resource as it is', () => expect(selectAttributes(user, [], undefined)).toBe(user));
});
