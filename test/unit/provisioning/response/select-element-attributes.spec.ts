import { JsonObject } from '../../../../src/platform/event-store/event-store.port';
import { parseAttributeList } from '../../../../src/modules/provisioning/domain/filter';
import {
  selectAttributes,
  selectElementAttributes,
} from '../../../../src/modules/provisioning/domain/response/select-attributes';

const member = (): JsonObject => ({
  value: 'u1',
  $ref: 'https://users-acme.example.com/scim/v2/Users/u1',
  type: 'User',
  display: 'Ada',
});
const refs = (text?: string) => (text ? parseAttributeList(text, 'Group') : undefined);
const group = (): JsonObject => ({ schemas: ['g'], id: 'g1', displayName: 'G', members: [member()] });

describe('selectElementAttributes: one streamed member, projected as in the whole group', () => {
  it.each([
    ['members.value', undefined],
    ['members.value,members.type', undefined],
    ['members,displayName', undefined],
    ['displayName,members.display', undefined],
    [undefined, 'members.display,members.$ref'],
    [undefined, 'members.type'],
    [undefined, 'displayName'],
    [undefined, undefined],
  ])('attributes=%s excludedAttributes=%s', (attributes, excluded) => {
    const whole = selectAttributes(group(), refs(attributes), refs(excluded)).members as JsonObject[];
    expect(selectElementAttributes('members', member(), refs(attributes), refs(excluded))).toEqual(whole[0]);
  });

  it('keeps only value for attributes=members.value', () => {
    expect(selectElementAttributes('members', member(), refs('members.value'), undefined)).toEqual({
      value: 'u1',
    });
  });

  it('drops display and $ref for excludedAttributes=members.display,members.$ref', () => {
    expect(
      selectElementAttributes('members', member(), undefined, refs('members.display,members.$ref')),
    ).toEqual({ value: 'u1', type: 'User' });
  });
});
