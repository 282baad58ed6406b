import { AttributeDefinition, SchemaDefinition } from './scim-schema.types';

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';

type Options = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

function attr(
  name: string,
  type: AttributeDefinition['type'],
  description: string,
  options: Options = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

const str = (name: string, description: string, options?: Options) =>
  attr(name, 'string', description, options);
const typeAttr = (canonicalValues: string[]) =>
  str('type', 'A label indicating the function of the value.', { canonicalValues });
const primaryAttr = attr('primary', 'boolean', 'Whether this is the preferred value.');
const displayAttr = str('display', 'A human-readable name, primarily used for display purposes.');

/** A multi-valued attribute of {value, display, type, primary} elements (RFC 7643 section 4.1.2). */
function labelledList(
  name: string,
  description: string,
  value: AttributeDefinition,
  canonicalTypes: string[] = [],
): AttributeDefinition {
  return attr(name, 'complex', description, {
    multiValued: true,
    subAttributes: [value, displayAttr, typeAttr(canonicalTypes), primaryAttr],
  });
}

/** The common attributes every resource has (RFC 7643 section 3.1); not part of a schema's list. */
export const COMMON_ATTRIBUTES: AttributeDefinition[] = [
  str('id', 'Unique identifier assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  str('externalId', 'Identifier of the resource in the provisioning client.', { caseExact: true }),
  attr('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      str('resourceType', 'The resource type name.', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'dateTime', 'When the resource was added.', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'When the resource was last changed.', { mutability: 'readOnly' }),
      attr('location', 'reference', 'URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      str('version', 'Version (ETag) of the resource.', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', 'Unique identifier for the User, used to sign in. Unique per subscription.', {
      required: true,
      uniqueness: 'server',
    }),
    attr('name', 'complex', "The components of the user's real name.", {
      subAttributes: [
        str('formatted', 'The full name, formatted for display.'),
        str('familyName', 'The family name (last name).'),
        str('givenName', 'The given name (first name).'),
        str('middleName', 'The middle name(s).'),
        str('honorificPrefix', 'The honorific prefix(es), e.g. Ms.'),
        str('honorificSuffix', 'The honorific suffix(es), e.g. III.'),
      ],
    }),
    str('displayName', 'The name of the User, suitable for display.'),
    str('nickName', 'The casual way to address the user.'),
    attr('profileUrl', 'reference', "URL of the user's online profile.", { referenceTypes: ['external'] }),
    str('title', "The user's title, such as Vice President."),
    str('userType', 'The relationship between the organization and the user.'),
    str('preferredLanguage', "The user's preferred written or spoken language (RFC 7231)."),
    str('locale', "The user's default location for localization (e.g. en-US)."),
    str('timezone', "The user's time zone in IANA format (e.g. Europe/Paris)."),
    attr('active', 'boolean', "The user's administrative status."),
    labelledList('emails', 'Email addresses for the user.', str('value', 'The email address.'), [
      'work',
      'home',
      'other',
    ]),
    labelledList('phoneNumbers', 'Phone numbers for the user.', str('value', 'The phone number.'), [
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]),
    labelledList('ims', 'Instant messaging addresses for the user.', str('value', 'The address.'), [
      'aim',
      'gtalk',
      'icq',
      'xmpp',
      'msn',
      'skype',
      'qq',
      'yahoo',
    ]),
    labelledList(
      'photos',
      'URLs of photos of the user.',
      attr('value', 'reference', 'The URL of the photo.', { referenceTypes: ['external'] }),
      ['photo', 'thumbnail'],
    ),
    attr('addresses', 'complex', 'Physical mailing addresses for the user.', {
      multiValued: true,
      subAttributes: [
        str('formatted', 'The full mailing address, formatted for display.'),
        str('streetAddress', 'The full street address component.'),
        str('locality', 'The city or locality component.'),
        str('region', 'The state or region component.'),
        str('postalCode', 'The zip code or postal code component.'),
        str('country', 'The country name component (ISO 3166-1 alpha-2).'),
        typeAttr(['work', 'home', 'other']),
        primaryAttr,
      ],
    }),
    attr('groups', 'complex', 'The groups the user belongs to, directly or through nested groups.', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        str('value', 'The id of the group.', { caseExact: true, mutability: 'readOnly' }),
        attr('$ref', 'reference', 'The URI of the group.', {
          caseExact: true,
          mutability: 'readOnly',
          referenceTypes: ['Group'],
        }),
        str('display', 'The displayName of the group.', { mutability: 'readOnly' }),
        str('type', 'direct or indirect.', {
          mutability: 'readOnly',
          canonicalValues: ['direct', 'indirect'],
        }),
      ],
    }),
    labelledList('entitlements', 'Entitlements of the user.', str('value', 'The entitlement.')),
    labelledList(
      'roles',
      'Roles of the user (Entra ID sends its app role assignments here).',
      str('value', 'The role.'),
    ),
    labelledList(
      'x509Certificates',
      'X.509 certificates of the user.',
      attr('value', 'binary', 'The certificate, base64-encoded DER.', { caseExact: true }),
    ),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Identifier of the user in the organization.'),
    str('costCenter', 'Name of a cost center.'),
    str('organization', 'Name of an organization.'),
    str('division', 'Name of a division.'),
    str('department', 'Name of a department.'),
    attr('manager', 'complex', "The user's manager, a user of the same subscription.", {
      subAttributes: [
        str('value', 'The id of the manager.', { caseExact: true }),
        attr('$ref', 'reference', 'The URI of the manager.', { caseExact: true, referenceTypes: ['User'] }),
        str('displayName', 'The displayName of the manager.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', 'A human-readable name for the Group. Unique per subscription.', {
      required: true,
      uniqueness: 'server',
    }),
    attr('members', 'complex', 'A list of members of the Group.', {
      multiValued: true,
      subAttributes: [
        str('value', 'Identifier of the member.', { caseExact: true, mutability: 'immutable' }),
        attr('$ref', 'reference', 'The URI of the member.', {
          caseExact: true,
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        str('display', 'The displayName of the member.', { mutability: 'readOnly' }),
        str('type', 'User or Group.', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ],
    }),
  ],
};

export interface ResourceSchemas {
  core: SchemaDefinition;
  extensions: SchemaDefinition[];
}

export const RESOURCE_SCHEMAS: Record<'User' | 'Group', ResourceSchemas> = {
  User: { core: USER_SCHEMA, extensions: [ENTERPRISE_USER_SCHEMA] },
  Group: { core: GROUP_SCHEMA, extensions: [] },
};
