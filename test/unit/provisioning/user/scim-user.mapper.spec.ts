import { JsonObject } from '../../../../src/platform/event-store/event-store.port';
import { scimToUser, userToScim } from '../../../../src/modules/provisioning/domain/user/scim-user.mapper';

const ROLE = 'WindowsAzureActiveDirectoryRole';

describe('scim-user.mapper: the multi-valued attributes of RFC 7643 User', () => {
  const resource: JsonObject = {
    userName: 'ann@contoso.test',
    emails: [{ value: 'ann@contoso.test', type: 'work', primary: true }],
    ims: [{ value: 'ann@chat.example', type: 'xmpp' }],
    photos: [{ value: 'https://photos.example/ann.jpg', type: 'photo' }],
    entitlements: [{ value: 'billing' }],
    roles: [
      { value: 'Admin', display: 'Admin', type: ROLE, primary: false },
      { value: 'Reader', type: ROLE, primary: true },
    ],
    x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAw' }],
  };

  it('keeps every labelled list in the profile, primary only when true', () => {
    const { profile } = scimToUser(resource);
    expect(profile.roles).toEqual([
      { value: 'Admin', display: 'Admin', type: ROLE },
      { value: 'Reader', type: ROLE, primary: true },
    ]);
    expect(profile.ims).toEqual([{ value: 'ann@chat.example', type: 'xmpp' }]);
    expect(profile.photos).toEqual([{ value: 'https://photos.example/ann.jpg', type: 'photo' }]);
    expect(profile.entitlements).toEqual([{ value: 'billing' }]);
    expect(profile.x509Certificates).toEqual([{ value: 'MIIDQzCCAqygAwIBAgICEAAw' }]);
  });

  it('drops elements without a value and lists left empty', () => {
    const { profile } = scimToUser({ userName: 'x', roles: [{ type: ROLE }, { value: '' }], ims: [] });
    expect(profile.roles).toBeUndefined();
    expect(profile.ims).toBeUndefined();
  });

  it('renders them back in the schema order, after addresses for entitlements, roles and certificates', () => {
    const rendered = userToScim('u1', scimToUser({ ...resource, addresses: [{ locality: 'Lyon' }] }));
    expect(Object.keys(rendered)).toEqual([
      'schemas',
      'id',
      'userName',
      'active',
      'emails',
      'ims',
      'photos',
      'addresses',
      'entitlements',
      'roles',
      'x509Certificates',
    ]);
    expect(rendered.roles).toEqual([
      { value: 'Admin', display: 'Admin', type: ROLE },
      { value: 'Reader', type: ROLE, primary: true },
    ]);
  });
});
