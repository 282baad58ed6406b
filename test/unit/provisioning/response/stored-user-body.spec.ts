import { JsonObject } from '../../../../src/platform/event-store/event-store.port';
import { renderDocument } from '../../../../src/modules/provisioning/application/scim-document';
import {
  listResponseBody,
  splicedUserBody,
  UserGroupRef,
} from '../../../../src/modules/provisioning/application/stored-user-body';
import { LIST_RESPONSE_SCHEMA } from '../../../../src/modules/provisioning/domain/discovery/discovery-documents';

const BASE = 'https://users-acme.example.com/scim/v2';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// The layout of the users projection: meta last, without location.
const stored = (extra: JsonObject = {}): string =>
  JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: 'u1',
    userName: 'ada@example.com',
    displayName: 'Ada "the first" Lovelace',
    emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
    ...extra,
    meta: {
      resourceType: 'User',
      created: '2026-01-01T00:00:00.000Z',
      lastModified: '2026-01-02T00:00:00.000Z',
      version: 'W/"3"',
    },
  });

/** What the rendering path answers: parse, groups before meta, meta.location. */
function rendered(json: string, groups: UserGroupRef[]): string {
  const resource = renderDocument(json, 'User', BASE);
  if (groups.length > 0) {
    const meta = resource.meta;
    delete resource.meta;
    resource.groups = groups.map((g) => ({
      value: g.id,
      $ref: `${BASE}/Groups/${g.id}`,
      display: g.display,
      type: g.direct ? 'direct' : 'indirect',
    }));
    resource.meta = meta;
  }
  return JSON.stringify(resource);
}

describe('splicedUserBody', () => {
  it('answers the same bytes as rendering a user in no group', () => {
    const json = stored();
    expect(splicedUserBody(json, 'u1', BASE, () => [])).toBe(rendered(json, []));
  });

  it('answers the same bytes as rendering a user in groups (groups before meta)', () => {
    const json = stored({ [ENTERPRISE]: { department: 'R&D' } });
    const groups = [
      { id: 'g1', display: 'Admins', direct: true },
      { id: 'g2', display: 'All "staff"', direct: false },
    ];
    expect(splicedUserBody(json, 'u1', BASE, () => groups)).toBe(rendered(json, groups));
  });

  it('escapes a host that JSON must escape', () => {
    const json = stored();
    const base = 'http://we"ird\\host/scim/v2';
    const body = splicedUserBody(json, 'u1', base, () => []);
    expect((JSON.parse(body!) as { meta: { location: string } }).meta.location).toBe(`${base}/Users/u1`);
  });

  it('leaves a user with a manager to the rendering path (manager.$ref and displayName)', () => {
    const json = stored({ [ENTERPRISE]: { manager: { value: 'u2' } } });
    expect(splicedUserBody(json, 'u1', BASE, () => [])).toBeUndefined();
  });

  it('leaves a text not in the projection layout to the rendering path', () => {
    expect(splicedUserBody('{"id":"u1"}', 'u1', BASE, () => [])).toBeUndefined();
  });
});

describe('listResponseBody', () => {
  it('is the ListResponse object serialized, keys in order', () => {
    const resources = [{ id: 'a' }, { id: 'b' }];
    const body = listResponseBody(
      7,
      resources.map((r) => JSON.stringify(r)),
      3,
    );
    expect(body).toBe(
      JSON.stringify({
        schemas: [LIST_RESPONSE_SCHEMA],
        totalResults: 7,
        Resources: resources,
        startIndex: 3,
        itemsPerPage: 2,
      }),
    );
    expect(listResponseBody(0, [], 1)).toBe(
      JSON.stringify({
        schemas: [LIST_RESPONSE_SCHEMA],
        totalResults: 0,
        Resources: [],
        startIndex: 1,
        itemsPerPage: 0,
      }),
    );
  });
});
